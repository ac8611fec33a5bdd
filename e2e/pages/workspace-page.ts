import { expect, type Locator, type Page } from "@playwright/test";
import type { AgentLifecycleState, WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import type { WorkspaceBuild, WorkspaceStatus } from "@/lib/workspaces/schemas";

// A build of node-dev takes a few seconds and an agent start a few more; the default expect
// timeout (15 s) covers one step, these cover a whole transition on a busy machine.
const TRANSITION_TIMEOUT_MS = 45_000;

/** One workspace: its status, build log, agents with their startup logs, and the actions. */
export class WorkspacePage {
  constructor(private readonly page: Page) {}

  async goto(workspaceId: string) {
    await this.page.goto(`/workspaces/${workspaceId}`);
    await expect(this.page.getByRole("heading", { level: 1 })).toBeVisible();
  }

  /** The workspace's status badge in the page header (running, stopped, failed…). */
  status(): Locator {
    return this.page.getByTestId("workspace-status");
  }

  async expectStatus(status: WorkspaceStatus) {
    await expect(this.status()).toHaveAttribute("data-status", status, { timeout: TRANSITION_TIMEOUT_MS });
  }

  /** The latest build's status badge. */
  buildStatus(): Locator {
    return this.page.getByTestId("build-status");
  }

  async expectBuildStatus(status: WorkspaceBuild["status"]) {
    await expect(this.buildStatus()).toHaveAttribute("data-status", status, { timeout: TRANSITION_TIMEOUT_MS });
  }

  buildLog(): Locator {
    return this.page.getByRole("log", { name: "Build log" });
  }

  async waitForBuildLog(text: string | RegExp) {
    await expect(this.buildLog()).toContainText(text, { timeout: TRANSITION_TIMEOUT_MS });
  }

  /**
   * Asserts that the build log, following the build, shows `text` (its last line) in full: a
   * log that stopped following would leave the end of the build out of view.
   */
  async expectBuildLogFollowedTo(text: string) {
    // The page may have the log below the fold (timeline above it): bring the log box into view
    // without touching its own scroll position, which is what is being checked.
    await this.buildLog().evaluate((log) => log.scrollIntoView({ block: "nearest" }));
    await expect(this.buildLog().getByText(text, { exact: true })).toBeInViewport({ ratio: 1 });
  }

  /** The build failure the page reports above the log. */
  buildError(): Locator {
    return this.page.getByRole("region", { name: /^Build #/ }).getByRole("alert");
  }

  /**
   * Asserts that `text` in the build log is drawn in a colour of its own (an ANSI escape turned
   * into a styled span), not in the log's plain text colour.
   */
  async expectColouredBuildLog(text: string) {
    const span = this.buildLog().locator("span", { hasText: text }).first();
    await expect(span).toBeVisible();
    const [colour, plainColour] = await Promise.all([
      span.evaluate((element) => getComputedStyle(element).color),
      this.buildLog().evaluate((element) => getComputedStyle(element).color),
    ]);
    expect(colour, `the colour of "${text}"`).not.toBe(plainColour);
  }

  agent(name = "main"): Locator {
    return this.page.getByRole("article", { name: `Agent ${name}` });
  }

  async waitForAgentStatus(status: WorkspaceAgent["status"], agentName = "main") {
    await expect(this.agent(agentName).getByTestId("agent-status")).toHaveAttribute("data-status", status, {
      timeout: TRANSITION_TIMEOUT_MS,
    });
  }

  async waitForAgentLifecycle(state: AgentLifecycleState, agentName = "main") {
    await expect(this.agent(agentName).getByTestId("agent-lifecycle")).toHaveAttribute("data-status", state, {
      timeout: TRANSITION_TIMEOUT_MS,
    });
  }

  startupLog(agentName = "main"): Locator {
    return this.agent(agentName).getByRole("log", { name: "Startup script log" });
  }

  async waitForStartupLog(text: string | RegExp, agentName = "main") {
    await expect(this.startupLog(agentName)).toContainText(text, { timeout: TRANSITION_TIMEOUT_MS });
  }

  async start() {
    await this.page.getByRole("button", { name: "Start", exact: true }).click();
  }

  async stop() {
    await this.page.getByRole("button", { name: "Stop", exact: true }).click();
  }

  /** Deletes the workspace, accepting the browser's confirmation. */
  async delete() {
    this.page.once("dialog", (dialog) => void dialog.accept());
    await this.page.getByRole("button", { name: "Delete", exact: true }).click();
  }

  async cancelBuild() {
    await this.page.getByRole("button", { name: "Cancel build" }).click();
  }
}
