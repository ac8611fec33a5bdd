import type { Page } from "@playwright/test";
import { KilnApi } from "./api";
import { ADMIN, expect, test } from "./fixtures";
import { ChatPage } from "./pages/chat-page";
import { LoginPage } from "./pages/login-page";
import { expectAccessible } from "./support/axe";

// The built-in assistant working inside the workspace, against the real server, provisioner,
// sandbox and agent: commands with their output live, files written, read and changed, a long
// command stopped from its card, and a command's output across a reload.

let member: { email: string; username: string; password: string };

test.beforeAll(async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  member = await (await KilnApi.signIn(request, ADMIN)).createMember();
  await request.dispose();
});

async function chatWithWorkspace(page: Page, template: "node-dev" | "quick"): Promise<ChatPage> {
  await new LoginPage(page).signInToChats(member);
  const chat = new ChatPage(page);
  await chat.startNew();
  await chat.send(`create a workspace from ${template}`);
  await chat.expectWorkspaceState("ready");
  await chat.waitForTurnEnd();
  return chat;
}

test("run a command, write, read and change a file, and stop a long command from its card", async ({ page }) => {
  test.setTimeout(300_000);
  const chat = await chatWithWorkspace(page, "node-dev");

  await chat.send("run node -v");
  const version = chat.lastToolCard("execute");
  await expect(chat.commandOf(version)).toHaveText("$ node -v");
  await expect(chat.processOutput(version)).toHaveText(/^v\d+\.\d+\.\d+$/);
  await chat.expectCommandPhase(version, "ended");
  await expect(version.getByTestId("execute-state")).toHaveText(/^Exited with code 0 after \d/);
  await chat.waitForTurnEnd();
  await expect(chat.assistantMessages().last()).toContainText(/`?node -v`? exited with code 0/);

  await chat.send("write hello to notes.txt");
  // Paths in results are the workspace's own, absolute: /home/<user>/notes.txt.
  await chat.expectOutcome(chat.lastToolCard("write_file"), /^Wrote 6 bytes to \/home\/[^/]+\/notes\.txt\.$/);
  await chat.waitForTurnEnd();
  await chat.send("show me notes.txt");
  await expect(chat.fileContent(chat.lastToolCard("read_file"))).toHaveText("hello");
  await chat.waitForTurnEnd();

  await chat.send("replace hello with hi in notes.txt");
  const edit = chat.lastToolCard("edit_files");
  await expect(edit.locator('[data-diff="removed"]')).toHaveText(["-hello"]);
  await expect(edit.locator('[data-diff="added"]')).toHaveText(["+hi"]);
  await chat.waitForTurnEnd();

  await chat.send("run sleep 60; echo done");
  const long = chat.lastToolCard("execute");
  // The call answers after its 10 s foreground wait; the command goes on in the background.
  await chat.expectCommandPhase(long, "background", 30_000);
  await expect(long.getByTestId("execute-state")).toHaveText("Still running in the background.");
  await expect(long.getByText("still running", { exact: true })).toBeVisible();
  await chat.stopCommandButton(long).click();
  await chat.expectCommandPhase(long, "ended", 15_000);
  await expect(long.getByTestId("execute-state")).toHaveText(/^Ended|^Exited with code/);
  await expect(chat.processOutput(long)).not.toContainText("done");
  await expect(chat.stopCommandButton(long)).toHaveCount(0);
  await expect(chat.lastToolCard("process_signal")).toHaveAttribute("data-state", "done");
  await chat.waitForTurnEnd();

  await chat.send("what is running");
  const list = chat.lastToolCard("process_list");
  await expect(list.getByTestId("process-row")).toHaveCount(2);
  await expect(list.getByTestId("process-row").first()).toContainText("sleep 60; echo done");
  await chat.waitForTurnEnd();
  // Every kind of card is on the page now: command, file, diff, signal and process table.
  await expectAccessible(page, "chat with workspace tool cards");
});

test("a command printing 2,000 lines: after a reload and a reconnect, each line once, in order", async ({ page, context }) => {
  test.setTimeout(180_000);
  const chat = await chatWithWorkspace(page, "quick");
  await chat.send("run for i in $(seq 1 2000); do echo line-$i; sleep 0.005; done");
  const card = () => chat.lastToolCard("execute");
  await chat.waitForLogLine(chat.processOutput(card()), "line-200");

  await page.reload();
  await chat.waitLoaded();
  await chat.waitForLogLine(chat.processOutput(card()), /line-\d{3,4}/);
  expectPrefix(await chat.processLines(card()));

  // A dropped connection: the page's EventSource resumes from its last event id.
  await context.setOffline(true);
  await page.waitForTimeout(1500);
  await context.setOffline(false);

  await chat.expectCommandPhase(card(), "ended", 120_000);
  await expect.poll(() => chat.processLines(card())).toEqual(Array.from({ length: 2000 }, (_, i) => `line-${i + 1}`));
});

/** The lines are line-1, line-2, … with none missing or repeated. */
function expectPrefix(lines: string[]) {
  expect(lines.length).toBeGreaterThan(0);
  expect(lines).toEqual(Array.from({ length: lines.length }, (_, i) => `line-${i + 1}`));
}
