import { uniqueName } from "./api";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";

test("after ten wrong passwords for an email the login form says to wait, with the API's 429 message", async ({ page, request }) => {
  // Any email is throttled, known or not; a fresh one so other specs' sign-ins are not affected.
  const email = `${uniqueName("throttled")}@example.com`;
  for (let i = 0; i < 10; i++) {
    const response = await request.post("/api/v1/auth/login", { data: { email, password: "wrong password" } });
    expect(response.status()).toBe(401);
  }
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, "wrong password");
  await login.expectRefused(/^Too many failed sign-ins\. Try again in \d+ seconds\.$/);
});
