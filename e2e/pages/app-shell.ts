import { expect, type Page } from "@playwright/test";

/** The signed-in frame: navigation and the account controls. */
export class AppShell {
  constructor(private readonly page: Page) {}

  async expectSignedInAs(username: string) {
    await expect(this.page.getByTestId("current-user")).toHaveText(username);
  }

  nav() {
    return this.page.getByRole("navigation", { name: "Main" });
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
  }
}
