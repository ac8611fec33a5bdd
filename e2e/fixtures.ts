import { test as base } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";
import { SetupPage } from "./pages/setup-page";

/** The admin the first-run spec creates; later specs sign in with it. */
export const ADMIN = { name: "Ada Admin", email: "ada@example.com", username: "ada", password: "kiln-e2e-password" };

export const test = base.extend<{ setupPage: SetupPage; loginPage: LoginPage; shell: AppShell }>({
  setupPage: async ({ page }, use) => use(new SetupPage(page)),
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  shell: async ({ page }, use) => use(new AppShell(page)),
});

export { expect } from "@playwright/test";
