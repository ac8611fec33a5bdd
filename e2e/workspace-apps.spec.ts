import { KilnApi } from "./api";
import { ADMIN, expect, test } from "./fixtures";
import { ChatPage } from "./pages/chat-page";
import { LoginPage } from "./pages/login-page";

// Workspace apps through Kiln (docs: "Workspace apps"): the dev server node-dev starts inside the
// workspace opens on its own origin, <slug>--<agent>--<workspace>--<owner>.localhost, through the
// custom server's app proxy, after the hand-over from Kiln's sign-in.

let member: { email: string; username: string; password: string };

test.beforeAll(async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  member = await (await KilnApi.signIn(request, ADMIN)).createMember();
  await request.dispose();
});

test("the chat's workspace panel opens node-dev's dev server on its own origin, and the workspace page lists port 3000", async ({ page, context }) => {
  test.setTimeout(150_000);
  await new LoginPage(page).signInToChats(member);
  const chat = new ChatPage(page);
  await chat.startNew();
  await chat.send("create a workspace from node-dev called apps-demo");
  await chat.expectWorkspaceState("ready");

  const panel = page.getByTestId("workspace-panel");
  const appLink = panel.getByRole("link", { name: /Dev server/ });
  await expect(appLink).toHaveAttribute("href", new RegExp(`^http://web--main--apps-demo--${member.username.toLowerCase()}\\.localhost:\\d+/$`));
  const opened = context.waitForEvent("page");
  await appLink.click();
  const app = await opened;
  await expect(app.locator("body")).toContainText("hello from apps-demo");
  expect(new URL(app.url()).hostname).toBe(`web--main--apps-demo--${member.username.toLowerCase()}.localhost`);
  expect(new URL(app.url()).pathname).toBe("/");
  // The app origin got its own cookie, and never Kiln's.
  const appCookies = await context.cookies(app.url());
  expect(appCookies.map((cookie) => cookie.name)).toEqual(["kiln_app_session"]);
  await app.close();

  await panel.getByTestId("workspace-name").click();
  const ports = page.getByRole("list", { name: "Listening ports" });
  await expect(ports.getByRole("link", { name: "3000" })).toHaveAttribute(
    "href",
    new RegExp(`^http://3000--main--apps-demo--${member.username.toLowerCase()}\\.localhost:\\d+/$`),
  );
  await expect(page.getByRole("list", { name: "Apps" }).getByTestId("app-health")).toHaveText("healthy", { timeout: 20_000 });
});
