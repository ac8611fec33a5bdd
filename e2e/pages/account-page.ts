import { expect, type Locator, type Page } from "@playwright/test";

/** /account: the signed-in user's password and API tokens. */
export class AccountPage {
  constructor(private readonly page: Page) {}

  async goto() {
    const response = await this.page.goto("/account");
    expect(response?.status()).toBe(200);
    await expect(this.page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  }

  private passwordForm(): Locator {
    return this.page.getByRole("form", { name: "Change password" });
  }

  private tokenForm(): Locator {
    return this.page.getByRole("form", { name: "New API token" });
  }

  async changePassword(oldPassword: string, newPassword: string) {
    await this.passwordForm().getByLabel("Current password", { exact: true }).fill(oldPassword);
    await this.passwordForm().getByLabel("New password", { exact: true }).fill(newPassword);
    await this.passwordForm().getByRole("button", { name: "Change password" }).click();
    await expect(this.passwordForm().getByRole("status")).toHaveText(/Password changed/);
  }

  /** Creates a token and answers its secret, shown this once. */
  async createToken(name: string): Promise<string> {
    await this.tokenForm().getByLabel("Token name", { exact: true }).fill(name);
    await this.tokenForm().getByLabel("Token name", { exact: true }).press("Enter");
    const secret = this.page.getByTestId("new-token");
    await expect(secret).toBeVisible();
    await expect(this.page.getByRole("button", { name: `Revoke token ${name}`, exact: true })).toBeVisible();
    return (await secret.textContent())!.trim();
  }

  async revokeToken(name: string) {
    await this.page.getByRole("button", { name: `Revoke token ${name}`, exact: true }).click();
    await expect(this.page.getByRole("button", { name: `Revoke token ${name}`, exact: true })).toHaveCount(0);
  }
}
