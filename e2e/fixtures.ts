import { test as base } from "@playwright/test";
import { KilnApi } from "./api";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";
import { SetupPage } from "./pages/setup-page";
import { WorkspacePage } from "./pages/workspace-page";
import { WorkspacesPage } from "./pages/workspaces-page";

/** The admin the first-run spec creates; later specs sign in with it. */
export const ADMIN = { name: "Ada Admin", email: "ada@example.com", username: "ada", password: "kiln-e2e-password" };

type Fixtures = {
  setupPage: SetupPage;
  loginPage: LoginPage;
  shell: AppShell;
  /**
   * The API signed in as ADMIN, for seeding. Using it also signs the browser page in as ADMIN
   * (the session cookie is shared), so a spec can seed and then open pages without the login form.
   */
  api: KilnApi;
  workspacePage: WorkspacePage;
  workspacesPage: WorkspacesPage;
};

export const test = base.extend<Fixtures>({
  setupPage: async ({ page }, use) => use(new SetupPage(page)),
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  shell: async ({ page }, use) => use(new AppShell(page)),
  api: async ({ request, context }, use) => {
    const api = await KilnApi.signIn(request, ADMIN);
    await context.addCookies((await request.storageState()).cookies);
    await use(api);
  },
  workspacePage: async ({ page }, use) => use(new WorkspacePage(page)),
  workspacesPage: async ({ page }, use) => use(new WorkspacesPage(page)),
});

export { expect } from "@playwright/test";
