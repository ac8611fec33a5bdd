import { ApiError } from "./client";

/** Pages where a 401 is an answer to show (a wrong password), not a lost session. */
const SIGN_IN_PATHS = new Set(["/login", "/setup"]);

/**
 * Sends the tab to the login page when an API call answers 401: the session ended elsewhere (a
 * suspension, a password change, a sign-out in another tab). Pages already on screen would
 * otherwise keep showing "You are not signed in" errors in place of a way back in.
 */
export function leaveWhenSignedOut(error: unknown): void {
  if (!(error instanceof ApiError) || error.status !== 401) return;
  if (typeof window === "undefined" || SIGN_IN_PATHS.has(window.location.pathname)) return;
  // A full load on purpose, not router.push: it drops every cached answer of the ended session.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign("/login");
}
