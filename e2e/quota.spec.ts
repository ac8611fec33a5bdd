import { KilnApi } from "./api";
import { ADMIN, expect, test } from "./fixtures";
import { AdminSettingsPage } from "./pages/admin-settings-page";
import { expectAccessible } from "./support/axe";

test("with a quota of 1 set on /admin/settings, a second workspace is refused with INSUFFICIENT_QUOTA on the page, the API and the chat tool", async ({
  api,
  page,
  playwright,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const member = await api.createMember();
  const settings = new AdminSettingsPage(page);
  await settings.goto();
  await settings.saveQuota(1);
  await settings.expectSaved();
  await expectAccessible(page, "/admin/settings with a quota");

  const request = await playwright.request.newContext({ baseURL });
  try {
    const memberApi = await KilnApi.signIn(request, member);
    await memberApi.createWorkspace({ template: "quick" });
    const refused = await request.post("/api/v1/workspaces", {
      data: { templateId: await memberApi.templateId("quick"), name: "second-one" },
    });
    expect(refused.status()).toBe(409);
    expect(await refused.json()).toEqual({ message: expect.stringMatching(/most allowed per user/), code: "INSUFFICIENT_QUOTA" });

    const chatId = await memberApi.createChat();
    const tool = await memberApi.runTool(chatId, "create_workspace", { template_id: await memberApi.templateId("quick") });
    expect(tool.isError).toBe(false);
    expect(tool.output).toMatchObject({ code: "INSUFFICIENT_QUOTA", error: expect.stringMatching(/most allowed per user/) });

    // The new-workspace form shows the count and the refusal.
    const memberContext = await browser.newContext({ baseURL });
    try {
      await KilnApi.signIn(memberContext.request, member);
      const form = await memberContext.newPage();
      await form.goto(`/workspaces/new?template=${await memberApi.templateId("quick")}`);
      await expect(form.getByTestId("workspace-quota")).toHaveText("You have 1 of 1 workspace allowed; delete one before creating another.");
      await form.getByRole("button", { name: "Create workspace" }).click();
      await expect(form.getByRole("alert").filter({ hasText: /most allowed per user/ })).toBeVisible();
      await expect(form).toHaveURL(/\/workspaces\/new/);
    } finally {
      await memberContext.close();
    }
  } finally {
    await request.dispose();
    // Leave the site unlimited for the specs after this one.
    const reset = await page.request.put("/api/v1/chat-settings", { data: { workspaceTtlMs: 0, workspacesPerUser: 0 } });
    expect(reset.status(), `${ADMIN.username}: ${await reset.text()}`).toBe(200);
  }
});
