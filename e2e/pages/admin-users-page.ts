import { expect, type Locator, type Page } from "@playwright/test";
import { AdminPage } from "./admin-page";

/** /admin/users: the user list with its actions, and the new-user form. */
export class AdminUsersPage extends AdminPage {
  constructor(page: Page) {
    super(page, "/admin/users", "Users");
  }

  private form(): Locator {
    return this.page.getByRole("form", { name: "New user" });
  }

  row(username: string): Locator {
    return this.page.getByTestId(`user-row-${username}`);
  }

  /** Creates a member with a generated first password and answers that password. */
  async createMember({ email, username }: { email: string; username: string }): Promise<string> {
    await this.form().getByLabel("Email", { exact: true }).fill(email);
    await this.form().getByLabel("Username", { exact: true }).fill(username);
    await this.form().getByRole("button", { name: "Create user" }).click();
    const secret = this.form().getByTestId("generated-password");
    await expect(secret).toBeVisible();
    await expect(this.row(username)).toBeVisible();
    return (await secret.textContent())!.trim();
  }

  /** Presses a row's action with the keyboard alone: focus, then Enter. */
  async pressAction(username: string, action: "Suspend" | "Reactivate") {
    const button = this.page.getByRole("button", { name: `${action} ${username}`, exact: true });
    await button.focus();
    await this.page.keyboard.press("Enter");
  }

  async expectStatus(username: string, status: "Active" | "Suspended") {
    await expect(this.row(username).getByRole("cell").nth(1)).toHaveText(status);
  }
}
