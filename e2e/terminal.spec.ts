import { expect, test, type Page } from "@playwright/test";
import { KilnApi } from "./api";
import { LoginPage } from "./pages/login-page";
import { expectAccessible } from "./support/axe";
import { startNextServer, type NextServer } from "./support/next-server";

// The Terminal tab over the workspace API relay: a real agent's shell in the browser. The spec
// runs its own `next start` so that it can restart it: agents outlive the server by design, and
// the terminal must resume with nothing lost or repeated.

const PORT = Number(process.env.E2E_TERMINAL_PORT ?? 3216);
const owner = { email: "terminal-owner@example.com", username: "terminalowner", password: "terminal-e2e-password" };

let server: NextServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  server = await startNextServer({ name: "terminal", port: PORT, env: {} });
  const created = await fetch(`${server.url}/api/v1/users/first`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(owner),
  });
  expect(created.status, await created.text()).toBe(201);
});

test.afterAll(async () => {
  await server?.stop();
});

/** The terminal's visible text (xterm's DOM rows). */
const screenText = (page: Page) => page.locator("[data-testid=terminal] .xterm-rows").innerText();

const count = (text: string, needle: string) => text.split(needle).length - 1;

async function type(page: Page, command: string) {
  await page.getByTestId("terminal").click();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
}

test("the owner types in the Terminal tab; a reload and a server restart resume it with nothing repeated", async ({ browser, playwright }) => {
  test.setTimeout(180_000);
  const request = await playwright.request.newContext({ baseURL: server!.url });
  const api = await KilnApi.signIn(request, owner);
  const workspace = await api.createWorkspace({ template: "quick" });
  await expect
    .poll(async () => (await api.workspaces()).find((w) => w.id === workspace.id)?.agents[0]?.status, { timeout: 90_000 })
    .toBe("connected");
  const agentId = (await api.workspaces()).find((w) => w.id === workspace.id)!.agents[0]!.id;

  const context = await browser.newContext({ baseURL: server!.url });
  const page = await context.newPage();
  await new LoginPage(page).signInToChats(owner);
  await page.goto(`/workspaces/${workspace.id}`);
  await page.getByRole("tab", { name: "Terminal" }).click();
  await expect(page).toHaveURL(/\?tab=terminal$/);
  await expect(page.getByTestId("terminal-state")).toHaveText("Connected");
  await type(page, "echo mark-$((6*7))");
  await expect.poll(() => screenText(page)).toContain("mark-42");
  await expectAccessible(page, "/workspaces/[id]?tab=terminal");

  // A reload re-attaches to the same terminal: the earlier output is there, once.
  await page.reload();
  await expect(page.getByTestId("terminal-state")).toHaveText("Connected");
  await expect.poll(() => screenText(page)).toContain("mark-42");
  expect(count(await screenText(page), "mark-42")).toBe(1);

  // The server restarts under the open page: the stream resumes from its last offset.
  await server!.stop();
  await type(page, "echo after-$((1+1))");
  server = await startNextServer({ name: "terminal", port: PORT, env: {} });
  await expect.poll(() => screenText(page), { timeout: 30_000 }).toContain("after-2");
  await type(page, "echo third-$((1+2))");
  await expect.poll(() => screenText(page)).toContain("third-3");
  const text = await screenText(page);
  expect(count(text, "mark-42")).toBe(1);
  expect(count(text, "after-2")).toBe(1);
  expect(count(text, "third-3")).toBe(1);

  // `exit` ends it with its exit code, and a new one can be opened.
  await type(page, "exit 3");
  await expect(page.getByTestId("terminal-state")).toHaveText("The terminal ended (exit code 3).");
  await page.getByRole("button", { name: "Open a new terminal" }).click();
  await expect(page.getByTestId("terminal-state")).toHaveText("Connected");

  // The Files tab lists the home folder and opens a text file read-only.
  await api.request.put(`/api/v1/workspaceagents/${agentId}/files?path=notes.txt`, { data: { content: "hello from the files tab\n" } });
  await page.getByRole("tab", { name: "Files" }).click();
  await page.getByRole("button", { name: "notes.txt", exact: true }).click();
  await expect(page.getByTestId("file-content")).toHaveText("hello from the files tab\n");
  await expectAccessible(page, "/workspaces/[id]?tab=files");
  await context.close();
  await request.dispose();
});
