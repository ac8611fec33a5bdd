import { expect, type Page } from "@playwright/test";

export class SetupPage {
  constructor(private readonly page: Page) {}

  async expectShown() {
    await expect(this.page).toHaveURL(/\/setup$/);
    await expect(this.page.getByRole("heading", { name: "Welcome to Kiln" })).toBeVisible();
  }

  async createAdmin(account: { name: string; email: string; username: string; password: string }) {
    const form = this.page.getByRole("form", { name: "Create the first admin" });
    await form.getByLabel("Name", { exact: true }).fill(account.name);
    await form.getByLabel("Email", { exact: true }).fill(account.email);
    await form.getByLabel("Username", { exact: true }).fill(account.username);
    await form.getByLabel("Password", { exact: true }).fill(account.password);
    await form.getByRole("button", { name: "Create admin account" }).click();
  }
}
