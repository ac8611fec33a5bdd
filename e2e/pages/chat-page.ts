import { expect, type Locator, type Page } from "@playwright/test";
import { NODE_DEV_FIRST_LINE } from "../support/node-dev-lines";

// A node-dev build and agent start take several seconds each; these cover a whole turn.
const TURN_TIMEOUT_MS = 60_000;

/** A chat: the transcript with its tool cards, the workspace panel and the message input. */
export class ChatPage {
  constructor(readonly page: Page) {}

  /** Opens /chats, starts a new chat and waits for its page. */
  async startNew() {
    await this.page.goto("/chats");
    await this.page.getByRole("button", { name: "New chat" }).click();
    await expect(this.page).toHaveURL(/\/chats\/[0-9a-f-]{36}$/);
    await this.waitLoaded();
  }

  async goto(chatId: string) {
    await this.page.goto(`/chats/${chatId}`);
    await this.waitLoaded();
  }

  async waitLoaded() {
    await expect(this.page.getByRole("log", { name: "Conversation" })).toBeVisible();
  }

  chatId(): string {
    return new URL(this.page.url()).pathname.split("/").at(-1)!;
  }

  input(): Locator {
    return this.page.getByRole("textbox", { name: "Message" });
  }

  /** Types a message and sends it; the assistant's turn starts. */
  async send(text: string) {
    await expect(this.input()).toBeEnabled({ timeout: TURN_TIMEOUT_MS });
    await this.input().fill(text);
    await this.page.getByRole("button", { name: "Send" }).click();
    await expect(this.input()).toHaveValue("");
  }

  /** Asks for a node-dev workspace and waits for its build's first line in the running card. */
  async createNodeDevAndWaitForBuild(name: string) {
    await this.send(`create a workspace from node-dev called ${name}`);
    await this.waitForLogLine(this.buildLog(this.lastToolCard("create_workspace")), NODE_DEV_FIRST_LINE);
  }

  /** Waits until the assistant's turn is over (the input is enabled again). */
  async waitForTurnEnd() {
    await expect(this.page.getByRole("button", { name: "Stop", exact: true })).toHaveCount(0, { timeout: TURN_TIMEOUT_MS });
    await expect(this.input()).toBeEnabled();
  }

  toolCards(tool?: string): Locator {
    return this.page.locator(tool ? `[data-testid="tool-card"][data-tool="${tool}"]` : '[data-testid="tool-card"]');
  }

  lastToolCard(tool?: string): Locator {
    return this.toolCards(tool).last();
  }

  buildLog(card: Locator): Locator {
    return card.getByTestId("build-log");
  }

  startupLog(card: Locator): Locator {
    return card.getByTestId("agent-log");
  }

  /** Unfolds every log of a card (a finished card shows its build and startup logs folded). */
  async openLogs(card: Locator) {
    const folded = card.locator("details:not([open]) > summary");
    while ((await folded.count()) > 0) await folded.first().click();
  }

  /** The text of every line of a log, in order. */
  async logLines(log: Locator): Promise<string[]> {
    return log.locator("[data-log-line]").allInnerTexts();
  }

  async waitForLogLine(log: Locator, text: string | RegExp) {
    await expect(log.locator("[data-log-line]").filter({ hasText: text }).first()).toBeVisible({ timeout: TURN_TIMEOUT_MS });
  }

  outcome(card: Locator): Locator {
    return card.getByTestId("tool-outcome");
  }

  async expectOutcome(card: Locator, text: string | RegExp) {
    await expect(this.outcome(card)).toContainText(text, { timeout: TURN_TIMEOUT_MS });
  }

  workspaceState(): Locator {
    return this.page.getByTestId("workspace-panel").getByTestId("workspace-state");
  }

  async expectWorkspaceState(state: string) {
    await expect(this.workspaceState()).toHaveText(state, { timeout: TURN_TIMEOUT_MS });
  }

  workspaceName(): Locator {
    return this.page.getByTestId("workspace-panel").getByTestId("workspace-name");
  }

  /** A command card's command line. */
  commandOf(card: Locator): Locator {
    return card.getByTestId("command");
  }

  /** A command card's output, as a log. */
  processOutput(card: Locator): Locator {
    return card.getByTestId("process-output");
  }

  /** Every output line of a command card, in order (text content: lines off screen count too). */
  async processLines(card: Locator): Promise<string[]> {
    return this.processOutput(card)
      .locator("[data-log-line]")
      .evaluateAll((lines) => lines.map((line) => line.textContent ?? ""));
  }

  /** Where a command card's command is: running, background, ended or failed. */
  async expectCommandPhase(card: Locator, phase: "running" | "background" | "ended" | "failed", timeout = TURN_TIMEOUT_MS) {
    await expect(card).toHaveAttribute("data-phase", phase, { timeout });
  }

  stopCommandButton(card: Locator): Locator {
    return card.getByRole("button", { name: "Stop command" });
  }

  /** A read_file card's text. */
  fileContent(card: Locator): Locator {
    return card.getByTestId("file-content");
  }

  assistantMessages(): Locator {
    return this.page.getByTestId("message-assistant");
  }
}
