import { expect, type Locator, type Page } from "@playwright/test";
import { AdminPage } from "./admin-page";

export type LifetimeUnit = "minutes" | "hours";

/** /admin/settings: the chat workspace lifetime form. */
export class AdminSettingsPage extends AdminPage {
  constructor(page: Page) {
    super(page, "/admin/settings", "Chat settings");
  }

  private form(): Locator {
    return this.page.getByRole("form", { name: "Chat settings" });
  }

  lifetime(): Locator {
    return this.form().getByLabel("Chat workspace lifetime", { exact: true });
  }

  unit(): Locator {
    return this.form().getByLabel("Unit", { exact: true });
  }

  workspacesPerUser(): Locator {
    return this.form().getByLabel("Workspaces per user", { exact: true });
  }

  /** Sets the per-user workspace quota (0 = unlimited) and saves, keeping the lifetime as shown. */
  async saveQuota(count: number) {
    await this.workspacesPerUser().fill(String(count));
    await this.form().getByRole("button", { name: "Save" }).click();
  }

  /** Enters a lifetime and saves it; expectSaved or expectRefused tells how it went. */
  async saveLifetime(amount: number | string, unit: LifetimeUnit) {
    await this.lifetime().fill(String(amount));
    await this.unit().selectOption(unit);
    await this.form().getByRole("button", { name: "Save" }).click();
  }

  async expectSaved(text: string | RegExp = /^Saved\./) {
    await expect(this.form().getByRole("status")).toHaveText(text);
    await expect(this.lifetime()).not.toHaveAttribute("aria-invalid", "true");
  }

  /** The field shows the API's validation message next to it. */
  async expectRefused(message: string) {
    await expect(this.lifetime()).toHaveAttribute("aria-invalid", "true");
    await expect(this.form().getByText(message, { exact: true })).toBeVisible();
    await expect(this.form().getByRole("status")).toHaveCount(0);
  }

  async expectLifetime(amount: string, unit: LifetimeUnit) {
    await expect(this.lifetime()).toHaveValue(amount);
    await expect(this.unit()).toHaveValue(unit);
  }

  async reload() {
    await this.page.reload();
    await expect(this.lifetime()).toBeVisible();
  }
}
