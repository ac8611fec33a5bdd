import { mkdirSync, readdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { KilnApi } from "./api";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { WorkspacePage } from "./pages/workspace-page";
import { startNextServer, type NextServer } from "./support/next-server";

// Servers whose workspaces are not sandboxed: one on a host without bubblewrap (a PATH that has
// every program of this machine but bwrap, with the default KILN_WORKSPACE_ISOLATION=auto) and one
// with KILN_WORKSPACE_ISOLATION=none. Each says so in healthz, and the workspace page and the
// admin pages show "Not isolated" with the reason.

const PORT = Number(process.env.E2E_ISOLATION_PORT ?? 3216);
const admin = { email: "unisolated-admin@example.com", username: "unisolated", password: "isolation-e2e-password" };

/** A folder of links to every program on this machine's PATH except bwrap: a host without bubblewrap. */
function pathWithoutBwrap(dataDir: string): string {
  const dir = path.join(dataDir, "bin-without-bwrap");
  mkdirSync(dir, { recursive: true });
  for (const source of (process.env.PATH ?? "/usr/bin:/bin").split(":")) {
    let names: string[];
    try {
      names = readdirSync(source);
    } catch {
      continue;
    }
    for (const name of names) {
      if (name === "bwrap") continue;
      try {
        symlinkSync(path.join(source, name), path.join(dir, name));
      } catch {
        // An earlier PATH entry already has it.
      }
    }
  }
  return dir;
}

async function signedInPage(browser: Browser, server: NextServer) {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await new LoginPage(page).signInToChats(admin);
  return { context, page };
}

test.describe("a host without bubblewrap (auto)", () => {
  let server: NextServer;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    const dataDir = path.join(process.env.KILN_E2E_DATA_DIR!, "no-bwrap-bin");
    server = await startNextServer({ name: "no-bwrap", port: PORT, env: { PATH: pathWithoutBwrap(dataDir), KILN_WORKSPACE_ISOLATION: "auto" } });
    const created = await fetch(`${server.url}/api/v1/users/first`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(admin),
    });
    expect(created.status).toBe(201);
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  test("healthz says none with the reason; the workspace page and the admin pages say Not isolated", async ({ browser }) => {
    test.setTimeout(90_000);
    const health = await (await fetch(`${server.url}/api/v1/healthz`)).json();
    expect(health.isolation).toEqual({ mode: "none", reason: expect.stringContaining("bubblewrap (bwrap) is not installed") });

    const { context, page } = await signedInPage(browser, server);
    const workspace = await (await KilnApi.signIn(context.request, admin)).createWorkspace({ template: "quick" });
    const workspacePage = new WorkspacePage(page);
    await workspacePage.goto(workspace.id);
    // The workspace still builds and starts, only unisolated.
    await workspacePage.expectStatus("running");
    const warning = page.getByTestId("isolation-warning");
    await expect(warning).toContainText("Not isolated");
    await expect(warning).toContainText("bubblewrap (bwrap) is not installed");
    for (const adminPath of ["/admin", "/admin/templates", "/admin/settings"]) {
      await page.goto(adminPath);
      await expect(page.getByTestId("isolation-warning"), adminPath).toContainText("Not isolated");
    }
    await context.close();
  });
});

test.describe("KILN_WORKSPACE_ISOLATION=none", () => {
  let server: NextServer;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    server = await startNextServer({ name: "isolation-none", port: PORT, env: { KILN_WORKSPACE_ISOLATION: "none" } });
    expect((await fetch(`${server.url}/api/v1/users/first`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(admin) })).status).toBe(201);
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  test("healthz and the admin page name the setting as the reason", async ({ browser }) => {
    const health = await (await fetch(`${server.url}/api/v1/healthz`)).json();
    expect(health.isolation).toEqual({ mode: "none", reason: "KILN_WORKSPACE_ISOLATION=none" });
    const { context, page } = await signedInPage(browser, server);
    await page.goto("/admin");
    await expect(page.getByTestId("isolation-warning")).toContainText("Reason: KILN_WORKSPACE_ISOLATION=none");
    await context.close();
  });
});

test("a sandboxed server shows no isolation warning", async ({ page, api }) => {
  const health = await (await api.request.get("/api/v1/healthz")).json();
  test.skip(health.isolation.mode !== "sandbox", "this machine cannot sandbox");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Admin" })).toBeVisible();
  await expect(page.getByTestId("isolation-warning")).toHaveCount(0);
});
