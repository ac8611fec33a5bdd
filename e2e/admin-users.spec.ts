import { readFile } from "node:fs/promises";
import type { APIRequestContext } from "@playwright/test";
import { uniqueName } from "./api";
import { ADMIN, expect, test } from "./fixtures";
import { AccountPage } from "./pages/account-page";
import { AdminAuditPage } from "./pages/admin-audit-page";
import { AdminUsersPage } from "./pages/admin-users-page";
import { LoginPage } from "./pages/login-page";
import { expectAccessible } from "./support/axe";

/** What GET /users/me answers a bearer token: 200 while it works, 401 once it does not. */
async function tokenStatus(request: APIRequestContext, token: string): Promise<number> {
  const response = await request.get("/api/v1/users/me", { headers: { authorization: `Bearer ${token}` } });
  return response.status();
}

test("an admin creates, suspends and reactivates a member who changes their password and manages tokens; the audit log shows it", async ({
  api,
  page,
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  void api; // signs this page in as the admin
  const username = uniqueName("member");
  const email = `${username}@example.com`;
  const newPassword = "member's own password";

  // The admin adds the member; the first password is generated and shown once.
  const users = new AdminUsersPage(page);
  await users.goto();
  await expectAccessible(page);
  const firstPassword = await users.createMember({ email, username });
  await users.expectStatus(username, "Active");
  await expectAccessible(page, "/admin/users with a generated password");

  // The member signs in in their own browser and changes their password on /account.
  const memberContext = await browser.newContext({ baseURL });
  const memberPage = await memberContext.newPage();
  await new LoginPage(memberPage).signInToChats({ email, password: firstPassword });
  const account = new AccountPage(memberPage);
  await account.goto();
  await expectAccessible(memberPage);
  await account.changePassword(firstPassword, newPassword);

  // A token works until it is revoked.
  const request = await playwright.request.newContext({ baseURL });
  const revoked = await account.createToken("laptop");
  await expectAccessible(memberPage, "/account with a new token");
  expect(await tokenStatus(request, revoked)).toBe(200);
  await account.revokeToken("laptop");
  expect(await tokenStatus(request, revoked)).toBe(401);
  const kept = await account.createToken("ci");
  expect(await tokenStatus(request, kept)).toBe(200);

  // A member does not know the audit log exists.
  await new AdminAuditPage(memberPage).expectNotFound();
  expect((await memberContext.request.get("/api/v1/audit")).status()).toBe(404);
  await account.goto();

  // Suspended: the member's open page is signed out at its next request, the token answers 401.
  await users.pressAction(username, "Suspend");
  await users.expectStatus(username, "Suspended");
  await memberPage.getByRole("link", { name: "Chats" }).click();
  await new LoginPage(memberPage).expectShown();
  expect(await tokenStatus(request, kept)).toBe(401);
  const login = new LoginPage(memberPage);
  await login.signIn(email, newPassword);
  await login.expectRefused("This account is suspended. Ask an admin to reactivate it.");

  // Reactivated, they sign in again with the password they chose.
  await users.pressAction(username, "Reactivate");
  await users.expectStatus(username, "Active");
  await login.signInToChats({ email, password: newPassword });
  await memberContext.close();
  await request.dispose();

  // The audit log shows each change with the admin as actor and what changed.
  const audit = new AdminAuditPage(page);
  await audit.goto();
  await expectAccessible(page);
  await expect(audit.row("user.create", `username: — → ${username}`)).toContainText(ADMIN.username);
  await expect(audit.row("user.suspend", "status: active → suspended")).not.toHaveCount(0);
  await expect(audit.row("user.reactivate", "status: suspended → active")).not.toHaveCount(0);

  await audit.filter({ actor: ADMIN.username, action: "user.suspend" });
  await expect(audit.rows().first()).toContainText("user.suspend");
  for (const action of await audit.rows().getByTestId("audit-action").allTextContents()) expect(action).toBe("user.suspend");
  await expectAccessible(page, "/admin/audit filtered");

  const download = await audit.downloadCsv();
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("time,actor,action,target_type,target_id,diff,ip");
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((line) => line.includes(`,${ADMIN.username},user.suspend,user,`))).toBe(true);
});
