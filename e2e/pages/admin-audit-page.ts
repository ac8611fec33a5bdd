import { expect, type Download, type Locator, type Page } from "@playwright/test";

/** /admin/audit: the audit log with its filters and CSV export. */
export class AdminAuditPage {
  constructor(private readonly page: Page) {}

  async goto() {
    const response = await this.page.goto("/admin/audit");
    expect(response?.status()).toBe(200);
    await expect(this.page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  }

  async expectNotFound() {
    const response = await this.page.goto("/admin/audit");
    expect(response?.status()).toBe(404);
    await expect(this.page.getByRole("heading", { level: 1, name: "Audit log" })).toHaveCount(0);
  }

  rows(): Locator {
    return this.page.getByTestId("audit-row");
  }

  /** The rows of one action on one target, found by a text of their diff. */
  row(action: string, text: string): Locator {
    return this.rows().filter({ hasText: action }).filter({ hasText: text });
  }

  /** Narrows the log with the keyboard: the action filter chosen, Enter in the actor field. */
  async filter({ actor, action }: { actor?: string; action?: string }) {
    const form = this.page.getByRole("form", { name: "Audit filters" });
    if (action) await form.getByLabel("Action", { exact: true }).selectOption(action);
    const actorField = form.getByLabel("Actor", { exact: true });
    await actorField.fill(actor ?? "");
    await actorField.press("Enter");
  }

  async downloadCsv(): Promise<Download> {
    const download = this.page.waitForEvent("download");
    await this.page.getByRole("link", { name: "Export CSV" }).click();
    return download;
  }
}
