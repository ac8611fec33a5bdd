import type { Page } from "@playwright/test";
import { KilnApi, uniqueName } from "./api";
import { expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";

// Self-seeding: an admin writes a template through the editor, a member (made through the API)
// builds a workspace from it through the form; builds run on the real provisioner.

/** A spec whose line 13 holds a bad default (a number parameter given text). */
function specText(name: string, { sizeDefault = "lots", greeting = "hello" } = {}) {
  return [
    `name: ${name}`, // 1
    "display_name: E2E words", // 2
    "parameters:", // 3
    "  - name: word", // 4
    "    type: string", // 5
    `    default: ${greeting}`, // 6
    "    mutable: true", // 7
    "    validation:", // 8
    '      regex: "^[a-z]+$"', // 9
    '      error: "lower-case letters only"', // 10
    "  - name: size", // 11
    "    type: number", // 12
    `    default: ${sizeDefault}`, // 13
    "build:", // 14
    "  - name: Say", // 15
    '    run: echo "word is $KILN_PARAM_WORD"', // 16
    "",
  ].join("\n");
}

async function pressButton(page: Page, name: string | RegExp) {
  // Keyboard only: focus the control and press Enter, as a keyboard user would after tabbing there.
  await page.getByRole("button", { name }).focus();
  await page.keyboard.press("Enter");
}

test("an admin writes, versions and activates a template; a member builds a workspace from it", async ({ api, page, browser, baseURL }) => {
  test.setTimeout(150_000);
  const name = uniqueName("words");
  const editor = page.getByLabel("Template spec (YAML)");

  await page.goto("/admin/templates");
  await page.getByRole("link", { name: "New template" }).click();
  await expect(page).toHaveURL(/\/admin\/templates\/new$/);
  await editor.fill(specText(name));
  const issue = page.getByTestId("spec-issue");
  await expect(issue).toHaveCount(1);
  await expect(issue).toHaveAttribute("data-line", "13");
  await expect(issue).toContainText("spec.parameters.1.default");
  await expect(issue).toContainText("must be a number");
  await expect(page.getByTestId("spec-bad-line")).toHaveAttribute("data-line", "13");
  const create = page.getByRole("button", { name: "Create template" });
  await expect(create).toBeDisabled();
  await expectAccessible(page, "/admin/templates/new (invalid spec)");

  await editor.fill(specText(name, { sizeDefault: "2" }));
  await expect(page.getByTestId("spec-valid")).toBeVisible();
  // The preview is the form users will get: the regex already checks what is typed.
  const preview = page.getByRole("region", { name: "Form preview" });
  await preview.getByLabel("word").fill("NOPE");
  await expect(preview.getByText("lower-case letters only")).toBeVisible();
  await expect(create).toBeEnabled();
  await pressButton(page, "Create template");
  await expect(page).toHaveURL(/\/admin\/templates\/[0-9a-f-]{36}$/);
  const templateId = page.url().split("/").at(-1)!;
  await expect(page.getByTestId("template-version")).toHaveCount(1);

  // A second version: the editor starts from the active one's text.
  await expect(editor).toHaveValue(specText(name, { sizeDefault: "2" }));
  await editor.fill(specText(name, { sizeDefault: "2", greeting: "howdy" }));
  await pressButton(page, "Save as new version");
  await expect(page.getByTestId("template-version")).toHaveCount(2);
  await expect(page.locator('[data-testid="template-version"][data-name="v2"]')).toContainText("active");
  await expect(page.locator('[data-testid="template-version"][data-name="v2"]')).toContainText("ada");
  const diff = page.getByTestId("version-diff");
  await expect(diff.locator('[data-sign="-"]')).toHaveText(["-     default: hello"]);
  await expect(diff.locator('[data-sign="+"]')).toHaveText(["+     default: howdy"]);
  await expectAccessible(page, "/admin/templates/[id]");

  await pressButton(page, "Make v1 active");
  await expect(page.locator('[data-testid="template-version"][data-name="v1"]')).toContainText("active");
  await expect(editor).toHaveValue(specText(name, { sizeDefault: "2" }));
  await pressButton(page, "Make v2 active");
  await expect(page.locator('[data-testid="template-version"][data-name="v2"]')).toContainText("active");

  // A member sees it, read-only, and builds from it.
  const member = await api.createMember();
  const memberContext = await browser.newContext({ baseURL });
  await KilnApi.signIn(memberContext.request, member);
  const memberPage = await memberContext.newPage();
  await memberPage.goto("/templates");
  const row = memberPage.locator(`[data-testid="template-row"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  await expectAccessible(memberPage, "/templates");
  await row.getByRole("link", { name: "E2E words" }).click();
  await expect(memberPage).toHaveURL(`/templates/${templateId}`);
  await expect(memberPage.getByRole("button", { name: /Save/ })).toHaveCount(0);
  await expect(memberPage.getByLabel("Spec of v2")).toHaveJSProperty("readOnly", true);
  await expectAccessible(memberPage, "/templates/[id]");
  // Admin pages stay closed to members.
  await memberPage.goto(`/admin/templates/${templateId}`);
  await expect(memberPage.getByRole("button", { name: /Save/ })).toHaveCount(0);

  await memberPage.goto("/templates");
  await row.getByRole("link", { name: /New workspace/ }).click();
  await expect(memberPage).toHaveURL(`/workspaces/new?template=${templateId}`);
  const word = memberPage.getByLabel("word", { exact: true });
  await expect(word).toHaveValue("howdy");
  await word.fill("");
  await word.pressSequentially("Bad1");
  await expect(memberPage.getByText("lower-case letters only")).toBeVisible();
  await expect(word).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(memberPage, "/workspaces/new");
  // Refused before it is sent: still on the form.
  await word.press("Enter");
  await expect(memberPage).toHaveURL(/\/workspaces\/new/);

  await word.fill("fine");
  await expect(memberPage.getByText("lower-case letters only")).toHaveCount(0);
  await memberPage.getByLabel("Workspace name").fill(uniqueName("from-form"));
  await word.press("Enter");
  await expect(memberPage).toHaveURL(/\/workspaces\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(memberPage.getByRole("log", { name: "Build log" })).toContainText("word is fine", { timeout: 45_000 });
  await expect(memberPage.getByTestId("build-status")).toHaveAttribute("data-status", "succeeded", { timeout: 45_000 });
  await expect(memberPage.locator('[data-testid="timeline-bar"][data-label="Say"]')).toBeVisible();
  await expectAccessible(memberPage, "/workspaces/[id]");

  // Restart with a new value for the mutable parameter; the immutable one is locked.
  await memberPage.getByText("Restart with parameters").click();
  const restart = memberPage.getByRole("form", { name: "Restart with parameters" });
  await expect(restart.getByLabel("size", { exact: true })).toBeDisabled();
  await restart.getByLabel("word", { exact: true }).fill("again");
  await restart.getByLabel("word", { exact: true }).press("Enter");
  await expect(memberPage.getByRole("log", { name: "Build log" })).toContainText("word is again", { timeout: 45_000 });
  await expect(memberPage.getByRole("heading", { name: /Build #2/ })).toBeVisible();
  await memberContext.close();
});

test("the timeline of a node-dev build shows every step with its stored duration", async ({ api, page }) => {
  test.setTimeout(120_000);
  const created = await api.createWorkspace({ template: "node-dev" });
  await page.goto(`/workspaces/${created.id}`);
  await expect(page.getByTestId("build-status")).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("agent-lifecycle").first()).toHaveAttribute("data-status", "ready", { timeout: 60_000 });
  const workspace = (await api.workspaces()).find((w) => w.id === created.id)!;
  const bars = page.getByTestId("timeline-bar");
  const steps = workspace.latestBuild.timings;
  expect(steps.length).toBeGreaterThan(1);
  for (const step of steps) {
    const bar = page.locator(`[data-testid="timeline-bar"][data-kind="step"][data-label="${step.stage}"]`);
    await expect(bar).toHaveAttribute("data-duration-ms", String(Date.parse(step.endedAt!) - Date.parse(step.startedAt)));
    await expect(bar).toHaveAttribute("data-failed", "false");
  }
  await expect(bars.and(page.locator('[data-kind="queued"]'))).toHaveCount(1);
  await expect(bars.and(page.locator('[data-kind="agent"]'))).toHaveCount(workspace.agents.length);
  const scriptsRun = workspace.agents.flatMap((a) => a.scripts).filter((s) => s.startedAt !== null).length;
  await expect(bars.and(page.locator('[data-kind="script"]'))).toHaveCount(scriptsRun);
  // The labels are text: selectable and copyable.
  await expect(page.getByTestId("build-timeline").locator("text", { hasText: steps[0]!.stage })).toBeVisible();
});

test("the timeline of a failed build shows its failing step in red", async ({ api, page }) => {
  const created = await api.createWorkspace({ template: "broken-build" });
  await page.goto(`/workspaces/${created.id}`);
  await expect(page.getByTestId("build-status")).toHaveAttribute("data-status", "failed", { timeout: 45_000 });
  const failed = page.locator('[data-testid="timeline-bar"][data-failed="true"]');
  await expect(failed).toHaveCount(1);
  await expect(failed).toHaveAttribute("data-label", "Compile");
  await expect(failed.locator("rect")).toHaveClass(/fill-red-600/);
  await expect(failed).toContainText("failed");
});

test("a finished create_workspace card shows its build's timeline", async ({ api, page }) => {
  test.setTimeout(90_000);
  const chatId = await api.createChat();
  const result = await api.runTool(chatId, "create_workspace", { template_id: await api.templateId("quick") });
  expect(result.isError).toBe(false);
  await page.goto(`/chats/${chatId}`);
  const card = page.locator('[data-testid="tool-card"][data-tool="create_workspace"]').last();
  await expect(card.getByTestId("build-timeline")).toBeVisible();
  await expect(card.locator('[data-testid="timeline-bar"][data-kind="queued"]')).toHaveCount(1);
  await expect(card.locator('[data-testid="timeline-bar"][data-kind="step"]').first()).toBeVisible();
});

test("the chats sidebar lists, renames and deletes chats with the keyboard", async ({ api, page }) => {
  const create = async (title: string) => {
    const response = await api.request.post("/api/v1/chats", { data: { title } });
    expect(response.status()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const first = await create(uniqueName("first"));
  const second = await create(uniqueName("second"));
  await page.goto(`/chats/${first}`);
  const sidebar = page.getByRole("navigation", { name: "Your chats" });
  const items = sidebar.getByTestId("sidebar-chat");
  // Newest first.
  await expect(items.first()).toHaveAttribute("data-chat-id", second);
  const mine = sidebar.locator(`[data-chat-id="${first}"]`);
  await expect(mine).toHaveAttribute("data-activity", "done");
  await expect(mine.getByRole("link")).toHaveAttribute("aria-current", "page");
  await expectAccessible(page, "/chats/[id] with the sidebar");

  await mine.getByRole("button", { name: /^Rename/ }).focus();
  await page.keyboard.press("Enter");
  const input = mine.getByRole("textbox", { name: "Chat title" });
  await expect(input).toBeFocused();
  await input.fill("Renamed by keyboard");
  await page.keyboard.press("Enter");
  await expect(mine.getByRole("link")).toContainText("Renamed by keyboard");

  page.once("dialog", (dialog) => void dialog.accept());
  await sidebar.locator(`[data-chat-id="${second}"]`).getByRole("button", { name: /^Delete/ }).focus();
  await page.keyboard.press("Enter");
  await expect(sidebar.locator(`[data-chat-id="${second}"]`)).toHaveCount(0);
  expect((await api.request.get(`/api/v1/chats/${second}`)).status()).toBe(404);
});
