import { expect, type Locator, type Page } from "@playwright/test";
import type { WorkspaceStatus } from "@/lib/workspaces/schemas";

/** The list of my workspaces. */
export class WorkspacesPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/workspaces");
    await expect(this.page.getByRole("heading", { name: "Workspaces" })).toBeVisible();
  }

  /** The row of the workspace called `name` (the list shows owner/name). */
  row(name: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("link", { name: new RegExp(`/${name}$`) }) });
  }

  async expectStatus(name: string, status: WorkspaceStatus) {
    await expect(this.row(name).getByTestId("workspace-status")).toHaveAttribute("data-status", status);
  }

  async open(name: string) {
    await this.row(name).getByRole("link").click();
  }
}
