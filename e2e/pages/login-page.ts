import { expect, type Page } from "@playwright/test";

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/login");
  }

  async expectShown() {
    await expect(this.page).toHaveURL(/\/login$/);
    await expect(this.page.getByRole("heading", { name: "Sign in to Kiln" })).toBeVisible();
  }

  async signIn(email: string, password: string) {
    const form = this.page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email", { exact: true }).fill(email);
    await form.getByLabel("Password", { exact: true }).fill(password);
    await form.getByRole("button", { name: "Sign in" }).click();
  }

  /** Opens the login page, signs in and waits to land on the chats (the signed-in home). */
  async signInToChats(account: { email: string; password: string }) {
    await this.goto();
    await this.signIn(account.email, account.password);
    await expect(this.page).toHaveURL(/\/chats$/);
  }

  async expectRefused(message: string | RegExp) {
    await expect(this.page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText(message);
    await expect(this.page).toHaveURL(/\/login$/);
  }
}
