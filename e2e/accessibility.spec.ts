import { KilnApi } from "./api";
import { ADMIN, expect, test } from "./fixtures";
import { AdminIndexPage } from "./pages/admin-page";
import { AdminSettingsPage } from "./pages/admin-settings-page";
import { AdminTemplatesPage } from "./pages/admin-templates-page";
import { ChatPage } from "./pages/chat-page";
import { LoginPage } from "./pages/login-page";
import { WorkspacesPage } from "./pages/workspaces-page";
import { expectAccessible } from "./support/axe";

// Every page of the app through axe-core: no serious or critical violation, in light and dark.
// /setup (before any user exists) is checked in first-run.spec.ts. A page added under app/ gets
// a check here.

let member: { email: string; username: string; password: string };
let chatId: string;
let workspaceId: string;

test.beforeAll(async ({ playwright, baseURL }) => {
  test.setTimeout(120_000);
  const adminRequest = await playwright.request.newContext({ baseURL });
  member = await (await KilnApi.signIn(adminRequest, ADMIN)).createMember();
  await adminRequest.dispose();

  // A chat whose transcript holds a finished create_workspace card with its build and startup logs.
  const memberRequest = await playwright.request.newContext({ baseURL });
  const api = await KilnApi.signIn(memberRequest, member);
  chatId = await api.createChat();
  const result = await api.runTool(chatId, "create_workspace", { template_id: await api.templateId("quick") });
  expect(result.isError, JSON.stringify(result)).toBe(false);
  const [workspace] = await api.workspaces();
  workspaceId = workspace!.id;
  await memberRequest.dispose();
});

test("the login page, its refusal and the signed-out redirect", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.expectShown();
  await expectAccessible(page);
  await login.signIn(member.email, "not the password");
  await login.expectRefused("Incorrect email or password.");
  await expectAccessible(page, "/login with an error");
});

test("a member's pages: chats, a chat with a tool card and logs, workspaces, a workspace with logs, admin refused", async ({
  page,
}) => {
  await new LoginPage(page).signInToChats(member);
  await expect(page.getByRole("button", { name: "New chat" })).toBeVisible();
  await expectAccessible(page);

  const chat = new ChatPage(page);
  await chat.goto(chatId);
  const card = chat.lastToolCard("create_workspace");
  await expect(card).toHaveAttribute("data-state", "done");
  await chat.openLogs(card);
  await chat.waitForLogLine(chat.buildLog(card), "preparing");
  await chat.waitForLogLine(chat.startupLog(card), "hello from");
  await expect(chat.workspaceState()).toBeVisible();
  await expectAccessible(page, "/chats/:id");

  const workspaces = new WorkspacesPage(page);
  await workspaces.goto();
  await expect(page.getByRole("link", { name: new RegExp(`^${member.username}/`) })).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/workspaces/${workspaceId}`);
  await expect(page.getByRole("log", { name: "Build log" })).toContainText("preparing");
  await expect(page.getByText(/hello from/).first()).toBeVisible();
  await expectAccessible(page, "/workspaces/:id");

  // No such chat: the 404 page; no such workspace: the page's not-found notice.
  const noSuchId = "00000000-0000-4000-8000-000000000000";
  expect((await page.goto(`/chats/${noSuchId}`))?.status()).toBe(404);
  await expectAccessible(page, "/chats/:id (404)");
  await page.goto(`/workspaces/${noSuchId}`);
  await expect(page.getByRole("alert")).toBeVisible();
  await expectAccessible(page, "/workspaces/:id (not found)");

  // A member on an admin page: the 403 notice.
  await new AdminIndexPage(page).expectForbidden();
  await expectAccessible(page, "/admin as a member");
});

test("an admin's pages: admin, templates, settings", async ({ api, page }) => {
  expect(api).toBeTruthy(); // the fixture signs the page in as the admin

  await new AdminIndexPage(page).goto();
  await expectAccessible(page);

  const templates = new AdminTemplatesPage(page);
  await templates.goto();
  await expect(templates.chatSwitch("quick")).toBeVisible();
  await expectAccessible(page);

  const settings = new AdminSettingsPage(page);
  await settings.goto();
  await expect(settings.lifetime()).toBeVisible();
  await expectAccessible(page);
});
