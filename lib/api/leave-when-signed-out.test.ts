import { afterEach, expect, it, vi } from "vitest";
import { ApiError } from "./client";
import { leaveWhenSignedOut } from "./leave-when-signed-out";

function stubWindow(pathname: string) {
  const assign = vi.fn();
  vi.stubGlobal("window", { location: { pathname, assign } });
  return assign;
}

afterEach(() => vi.unstubAllGlobals());

it("sends the tab to the login page on a 401 from any page", () => {
  const assign = stubWindow("/account");
  leaveWhenSignedOut(new ApiError(401, { message: "You are not signed in." }));
  expect(assign).toHaveBeenCalledWith("/login");
});

it("leaves other errors, and 401s on the sign-in pages (a wrong password), where they are", () => {
  const assign = stubWindow("/account");
  leaveWhenSignedOut(new ApiError(403, { message: "no" }));
  leaveWhenSignedOut(new Error("network"));
  expect(assign).not.toHaveBeenCalled();
  const onLogin = stubWindow("/login");
  leaveWhenSignedOut(new ApiError(401, { message: "Incorrect email or password." }));
  expect(onLogin).not.toHaveBeenCalled();
});
