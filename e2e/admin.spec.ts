import type { APIRequestContext } from "@playwright/test";
import { toolCallResultSchema } from "@/lib/chat/schemas";
import { chatSettingsSchema } from "@/lib/chat-settings/schemas";
import { templateSchema } from "@/lib/templates/schemas";
import { userSchema } from "@/lib/users/schemas";
import { uniqueName } from "./api";
import { expect, test as base } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { AdminIndexPage, type AdminPage } from "./pages/admin-page";
import { AdminSettingsPage } from "./pages/admin-settings-page";
import { AdminTemplatesPage } from "./pages/admin-templates-page";
import { LoginPage } from "./pages/login-page";

const test = base.extend<{ adminIndex: AdminIndexPage; adminTemplates: AdminTemplatesPage; adminSettings: AdminSettingsPage }>({
  adminIndex: async ({ page }, use) => use(new AdminIndexPage(page)),
  adminTemplates: async ({ page }, use) => use(new AdminTemplatesPage(page)),
  adminSettings: async ({ page }, use) => use(new AdminSettingsPage(page)),
});

const NOT_ALLOWED = "template not available for chat workspaces; use list_templates to find allowed templates";

async function templateNamed(request: APIRequestContext, name: string) {
  const response = await request.get("/api/v1/templates");
  expect(response.status()).toBe(200);
  const template = templateSchema.array().parse(await response.json()).find((t) => t.name === name);
  if (!template) throw new Error(`no template ${name}`);
  return template;
}

/** Puts a template's chat permission back through the API (tests leave the site as they found it). */
async function setAllowedInChat(request: APIRequestContext, name: string, allowedInChat: boolean) {
  const { id } = await templateNamed(request, name);
  const response = await request.patch(`/api/v1/templates/${id}`, { data: { allowedInChat } });
  expect(response.status(), await response.text()).toBe(200);
}

async function runTool(request: APIRequestContext, chatId: string, tool: string, input: unknown) {
  const response = await request.post(`/api/v1/chats/${chatId}/tools/${tool}`, { data: { input } });
  expect(response.status(), `${tool}: ${await response.text()}`).toBe(200);
  return toolCallResultSchema.parse(await response.json());
}

test("an admin sets the chat workspace lifetime, with the API's checks shown next to the field", async ({
  api,
  adminIndex,
  adminSettings,
}) => {
  await adminIndex.goto();
  await adminIndex.open("Chat settings");
  await expect(adminSettings.lifetime()).toBeVisible();

  await adminSettings.saveLifetime("0.5", "minutes");
  await adminSettings.expectRefused("must be 0 (template default) or at least 1 minute (60000 ms)");
  await adminSettings.saveLifetime(800, "hours");
  await adminSettings.expectRefused("must be at most 30 days (2592000000 ms)");

  await adminSettings.saveLifetime(2, "hours");
  await adminSettings.expectSaved("Saved. Chat workspaces now live for 2 hours.");
  await adminSettings.reload();
  await adminSettings.expectLifetime("2", "hours");
  const stored = await api.request.get("/api/v1/chat-settings");
  expect(chatSettingsSchema.parse(await stored.json())).toEqual({ workspaceTtlMs: 2 * 3_600_000, workspacesPerUser: 0 });

  // 0 hands the lifetime back to each template.
  await adminSettings.saveLifetime(0, "minutes");
  await adminSettings.expectSaved("Saved. Chat workspaces use their template's default lifetime.");
  await adminSettings.reload();
  await adminSettings.expectLifetime("0", "minutes");
  expect(await (await api.request.get("/api/v1/chat-settings")).json()).toEqual({ workspaceTtlMs: 0, workspacesPerUser: 0 });
});

test("an admin turns a template off for chats and on again, and the change is stored", async ({
  api,
  adminIndex,
  adminTemplates,
}) => {
  await setAllowedInChat(api.request, "quick", true);
  await adminIndex.goto();
  await adminIndex.open("Templates");
  await expect(adminTemplates.row("quick")).toContainText("Quick");
  await expect(adminTemplates.row("quick")).toContainText("Default");
  await adminTemplates.expectAllowedInChat("quick", true);

  await adminTemplates.setAllowedInChat("quick", false);
  await adminTemplates.reload();
  await adminTemplates.expectAllowedInChat("quick", false);
  await adminTemplates.expectAllowedInChat("node-dev", true);
  expect((await templateNamed(api.request, "quick")).allowedInChat).toBe(false);
  expect((await templateNamed(api.request, "node-dev")).allowedInChat).toBe(true);

  await adminTemplates.setAllowedInChat("quick", true);
  await adminTemplates.reload();
  await adminTemplates.expectAllowedInChat("quick", true);
  expect((await templateNamed(api.request, "quick")).allowedInChat).toBe(true);
});

test("a template turned off for chats is neither listed nor created by the chat tools", async ({
  api,
  adminTemplates,
}) => {
  await setAllowedInChat(api.request, "quick", true);
  const quick = await templateNamed(api.request, "quick");
  await adminTemplates.goto();
  await adminTemplates.setAllowedInChat("quick", false);
  try {
    const created = await api.request.post("/api/v1/chats", { data: { title: "disabled template" } });
    expect(created.status(), await created.text()).toBe(201);
    const chatId = (await created.json()).id as string;

    // Every page of list_templates, so that "not on page 1" cannot pass for "not listed".
    const listed: string[] = [];
    for (let page: number | undefined = 1; page !== undefined; ) {
      const result = await runTool(api.request, chatId, "list_templates", { page });
      expect(result.isError, JSON.stringify(result.output)).toBe(false);
      const output = result.output as { templates: { id: string; name: string }[]; next_page?: number };
      listed.push(...output.templates.map((t) => t.name));
      page = output.next_page;
    }
    expect(listed).not.toContain("quick");

    const refused = await runTool(api.request, chatId, "create_workspace", { template_id: quick.id });
    expect(refused).toEqual({ isError: true, output: NOT_ALLOWED });
  } finally {
    await setAllowedInChat(api.request, "quick", true);
  }
});

test("a member has no Admin link and gets 403 on the admin pages", async ({ api, browser }, testInfo) => {
  const username = uniqueName("member");
  const member = { email: `${username}@example.com`, username, password: "member-e2e-password" };
  const created = await api.request.post("/api/v1/users", { data: member });
  expect(created.status(), await created.text()).toBe(201);
  expect(userSchema.parse(await created.json())).toMatchObject({ username, role: "member" });

  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    const page = await context.newPage();
    const shell = new AppShell(page);
    const loginPage = new LoginPage(page);
    await loginPage.goto();
    await loginPage.signIn(member.email, member.password);
    await shell.expectSignedInAs(username);
    await expect(shell.nav().getByRole("link", { name: "Chats" })).toBeVisible();
    await expect(shell.nav().getByRole("link", { name: "Admin" })).toHaveCount(0);

    for (const adminPage of [new AdminIndexPage(page), new AdminTemplatesPage(page), new AdminSettingsPage(page)] as AdminPage[]) {
      await adminPage.expectForbidden();
      // Still inside the signed-in shell, still without an Admin link.
      await shell.expectSignedInAs(username);
      await expect(shell.nav().getByRole("link", { name: "Admin" })).toHaveCount(0);
    }
    await expect(page.getByRole("switch")).toHaveCount(0);
  } finally {
    await context.close();
  }
});
