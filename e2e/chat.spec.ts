import type { Browser, Page } from "@playwright/test";
import { KilnApi } from "./api";
import { ADMIN, expect, test } from "./fixtures";
import { ChatPage } from "./pages/chat-page";
import { LoginPage } from "./pages/login-page";
import { NODE_DEV_FIRST_LINE, NODE_DEV_READY_LINE } from "./support/node-dev-lines";

// The chat against the real server, provisioner and agents, with the built-in assistant: people
// type, the assistant calls the tools, and the page shows the build as it happens.

let member: { email: string; username: string; password: string };

test.beforeAll(async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  member = await (await KilnApi.signIn(request, ADMIN)).createMember();
  await request.dispose();
});

async function signedInChat(page: Page): Promise<ChatPage> {
  await new LoginPage(page).signInToChats(member);
  return new ChatPage(page);
}

/** The member's API, for checks the page does not show (how many workspaces there are). */
async function memberApi(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL });
  return { api: await KilnApi.signIn(context.request, member), close: () => context.close() };
}

test("a member asks for a node-dev workspace and watches it being built, then started, then ready", async ({ page }) => {
  test.setTimeout(120_000);
  const chat = await signedInChat(page);
  await chat.startNew();
  await expect(page.getByTestId("model-label")).toHaveText(/built-in assistant/);
  await chat.send("create a workspace from node-dev");

  const card = chat.lastToolCard("create_workspace");
  await expect(card).toBeVisible();
  // node-dev's steps take a second or more (npm init): its first line shows while the tool call still runs.
  await chat.waitForLogLine(chat.buildLog(card), NODE_DEV_FIRST_LINE);
  await expect(card).toHaveAttribute("data-state", "running");
  await expect(chat.outcome(card)).toHaveCount(0);
  await expect(card.getByTestId("tool-stage")).toHaveText(/Building workspace…|Waiting in build queue…/);
  await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();
  await expect(chat.input()).toBeDisabled();

  await chat.waitForLogLine(chat.startupLog(card), NODE_DEV_READY_LINE);
  await chat.expectOutcome(card, new RegExp(`${member.username}/`));
  await expect(card).toHaveAttribute("data-state", "done");
  await chat.expectWorkspaceState("ready");
  await expect(chat.workspaceName()).toHaveText(new RegExp(`^${member.username}/`));
  await chat.waitForTurnEnd();
  await expect(chat.assistantMessages().last()).toContainText(member.username);
});

test("reloading mid-build shows every log line once and the stream goes on; a second tab shows the same", async ({ page, context }) => {
  test.setTimeout(120_000);
  const chat = await signedInChat(page);
  await chat.startNew();
  await chat.createNodeDevAndWaitForBuild("reloaded");
  await page.reload();
  await chat.waitLoaded();
  const second = new ChatPage(await context.newPage());
  await second.goto(chat.chatId());

  for (const view of [chat, second]) {
    const card = view.lastToolCard("create_workspace");
    await view.expectOutcome(card, `${member.username}/reloaded`);
    // A page that loads after the build ended shows its log folded (node-dev can finish first).
    await view.openLogs(card);
    await view.waitForLogLine(view.buildLog(card), "Build succeeded.");
  }
  const buildId = await chat.lastToolCard("create_workspace").getAttribute("data-build-id");
  const stored = (await (await page.request.get(`/api/v1/workspacebuilds/${buildId}/logs`)).json()) as { output: string }[];
  // Each line as the page shows it (ANSI escapes drawn as colours, so compare the plain text).
  const plain = stored.map((line) => line.output.replace(/\u001b\[[0-9;]*m/g, ""));
  for (const view of [chat, second]) {
    const card = view.lastToolCard("create_workspace");
    await expect.poll(() => view.logLines(view.buildLog(card))).toEqual(plain);
  }
});

test("a failed build shows its error, and a failing startup script its notice", async ({ page }) => {
  test.setTimeout(120_000);
  const chat = await signedInChat(page);
  await chat.startNew();
  await chat.send("create a workspace from broken-build");
  const failed = chat.lastToolCard("create_workspace");
  await expect(failed).toHaveAttribute("data-state", "error", { timeout: 60_000 });
  await expect(failed.getByRole("alert")).toContainText('workspace build failed: build step "Compile" failed with exit code 3');
  await chat.expectWorkspaceState("failed");
  await chat.waitForTurnEnd();

  await chat.startNew();
  await chat.send("create a workspace from broken-startup");
  const startup = chat.lastToolCard("create_workspace");
  await chat.waitForLogLine(chat.startupLog(startup), "service failed to start");
  await chat.expectOutcome(startup, /startup script/i);
  await chat.expectWorkspaceState("failed");
});

test("asking again returns the existing workspace; stop, then create gives the start hint, and start brings it back", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const chat = await signedInChat(page);
  await chat.startNew();
  await chat.send("create a workspace from node-dev called again");
  await chat.expectOutcome(chat.lastToolCard("create_workspace"), `${member.username}/again`);
  await chat.waitForTurnEnd();
  const { api, close } = await memberApi(browser, baseURL);
  const before = (await api.workspaces()).length;

  await chat.send("create a workspace from node-dev");
  await chat.expectOutcome(chat.lastToolCard("create_workspace"), /already/i);
  await chat.waitForTurnEnd();
  expect((await api.workspaces()).length).toBe(before);

  await chat.send("stop my workspace");
  await chat.expectOutcome(chat.lastToolCard("stop_workspace"), /stopped/i);
  await chat.expectWorkspaceState("stopped");
  await chat.waitForTurnEnd();

  await chat.send("create a workspace from node-dev");
  await chat.expectOutcome(chat.lastToolCard("create_workspace"), /start_workspace|start it/i);
  await chat.waitForTurnEnd();

  await chat.send("start my workspace");
  await chat.expectOutcome(chat.lastToolCard("start_workspace"), /started|ready/i);
  await chat.expectWorkspaceState("ready");
  expect((await api.workspaces()).length).toBe(before);
  await close();
});

test("the turn goes on when the page is closed mid-build; reopening shows the finished result", async ({ page, context }) => {
  test.setTimeout(120_000);
  const chat = await signedInChat(page);
  await chat.startNew();
  await chat.createNodeDevAndWaitForBuild("unattended");
  const chatId = chat.chatId();
  await page.close();

  // Long enough for the build and the startup scripts to finish with nobody watching.
  await new Promise((resolve) => setTimeout(resolve, 12_000));
  const reopened = new ChatPage(await context.newPage());
  await reopened.goto(chatId);
  const card = reopened.lastToolCard("create_workspace");
  await expect(card).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  await reopened.expectOutcome(card, `${member.username}/unattended`);
  await reopened.expectWorkspaceState("ready");
});

test("another user's chat, or none, is a 404 page", async ({ page, playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const adminsChat = (await (await (await KilnApi.signIn(request, ADMIN)).request.post("/api/v1/chats", { data: {} })).json()) as { id: string };
  await request.dispose();
  await signedInChat(page);
  for (const chatId of [adminsChat.id, "00000000-0000-4000-8000-000000000000", "not-a-chat"]) {
    const response = await page.goto(`/chats/${chatId}`);
    expect(response?.status(), chatId).toBe(404);
  }
});
