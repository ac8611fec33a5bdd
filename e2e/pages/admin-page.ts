import { expect, type Page } from "@playwright/test";

/** An admin-only page: admins see its heading, everyone else a 403 notice with HTTP status 403. */
export class AdminPage {
  constructor(
    protected readonly page: Page,
    private readonly path: string,
    private readonly heading: string,
  ) {}

  async goto() {
    const response = await this.page.goto(this.path);
    expect(response?.status(), `GET ${this.path}`).toBe(200);
    await expect(this.page.getByRole("heading", { level: 1, name: this.heading, exact: true })).toBeVisible();
  }

  /** Opens the page as a non-admin: a 403 response showing the admins-only notice. */
  async expectForbidden() {
    const response = await this.page.goto(this.path);
    expect(response?.status(), `GET ${this.path}`).toBe(403);
    await expect(this.page.getByRole("heading", { level: 1, name: "403 — Admins only" })).toBeVisible();
    await expect(this.page.getByRole("heading", { level: 1, name: this.heading, exact: true })).toHaveCount(0);
  }
}

/** /admin: the index of the admin pages. */
export class AdminIndexPage extends AdminPage {
  constructor(page: Page) {
    super(page, "/admin", "Admin");
  }

  async open(section: "Templates" | "Chat settings") {
    // In the page, not the header: the main navigation has a "Templates" link too (/templates).
    await this.page.getByRole("main").getByRole("link", { name: section, exact: true }).click();
  }
}
