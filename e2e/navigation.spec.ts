import { ADMIN, expect, test } from "./fixtures";

test("the signed-in shell navigates between chats and workspaces, with Admin for admins", async ({
  page,
  loginPage,
  shell,
}) => {
  await loginPage.goto();
  await loginPage.signIn(ADMIN.email, ADMIN.password);
  await shell.expectSignedInAs(ADMIN.username);

  await shell.nav().getByRole("link", { name: "Workspaces" }).click();
  await expect(page.getByRole("heading", { name: "Workspaces" })).toBeVisible();
  await expect(shell.nav().getByRole("link", { name: "Workspaces" })).toHaveAttribute("aria-current", "page");

  await shell.nav().getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Admin" })).toBeVisible();
});
