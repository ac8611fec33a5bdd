import { expect, type Locator, type Page } from "@playwright/test";
import { AdminPage } from "./admin-page";

/** /admin/templates: every template with its "Allowed in chats" switch. */
export class AdminTemplatesPage extends AdminPage {
  constructor(page: Page) {
    super(page, "/admin/templates", "Templates");
  }

  row(name: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("cell", { name, exact: true }) });
  }

  chatSwitch(name: string): Locator {
    return this.page.getByRole("switch", { name: `Allow ${name} in chats`, exact: true });
  }

  /**
   * Flips the template's switch to `allowed` and waits for the server to accept it: the switch
   * moves at once (optimistic), so only the PATCH answer says the change is stored.
   */
  async setAllowedInChat(name: string, allowed: boolean) {
    const toggle = this.chatSwitch(name);
    await expect(toggle).toHaveAttribute("aria-checked", String(!allowed));
    const saved = this.page.waitForResponse(
      (response) => response.request().method() === "PATCH" && /\/api\/v1\/templates\/[^/]+$/.test(response.url()),
    );
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", String(allowed));
    expect((await saved).status()).toBe(200);
    await expect(toggle).toBeEnabled();
  }

  async expectAllowedInChat(name: string, allowed: boolean) {
    await expect(this.chatSwitch(name)).toHaveAttribute("aria-checked", String(allowed));
  }

  async reload() {
    await this.page.reload();
    await expect(this.page.getByRole("table")).toBeVisible();
  }
}
