import { ADMIN, expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";

test("a new site walks setup, sign out, sign in and sign out, and refuses a wrong password", async ({
  page,
  setupPage,
  loginPage,
  shell,
}) => {
  await page.goto("/");
  await setupPage.expectShown();
  await expectAccessible(page);

  await setupPage.createAdmin(ADMIN);
  await expect(page).toHaveURL(/\/chats$/);
  await shell.expectSignedInAs(ADMIN.username);
  await expect(shell.nav().getByRole("link", { name: "Admin" })).toBeVisible();

  // Setup is gone once a user exists.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/(login|chats)$/);

  await shell.signOut();
  await loginPage.expectShown();
  await page.goto("/chats");
  await loginPage.expectShown();

  await loginPage.signIn(ADMIN.email, "not the password");
  await loginPage.expectRefused("Incorrect email or password.");
  await expectAccessible(page, "/login with an error");

  await loginPage.signIn(ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/chats$/);
  await shell.expectSignedInAs(ADMIN.username);

  await shell.signOut();
  await loginPage.expectShown();
});
