import { createHmac, timingSafeEqual } from "node:crypto";

/** The app origin's own session cookie (host-only: set without Domain on the app host). */
export const APP_COOKIE = "kiln_app_session";

const sign = (secret: string, payload: string) => createHmac("sha256", secret).update(payload).digest("base64url");

/** The cookie format's mark: the first format (`<userId>.<expiresAtMs>.<hmac>`) had none. */
const VERSION = "v2";

/**
 * `v2.<credentialId>.<expiresAtMs>.<hmac>`: the session (or API token) the visitor opened the app
 * with, so that the cookie ends when it does (the proxy looks the credential up, cached, on each
 * request). The HMAC covers the host too, so a cookie of one app host is worth nothing on another.
 * Four parts, so that a server still on the first format (a rolling upgrade) refuses it rather
 * than take the credential id for a user id.
 */
export function signAppCookie({ secret, credentialId, host, expiresAt }: { secret: string; credentialId: string; host: string; expiresAt: Date }): string {
  const payload = `${VERSION}.${credentialId}.${expiresAt.getTime()}`;
  return `${payload}.${sign(secret, `${host}\n${payload}`)}`;
}

/** The credential id of a valid, unexpired cookie for `host`; null for anything else. */
export function verifyAppCookie({ secret, value, host, now }: { secret: string; value: string | null; host: string; now: Date }): string | null {
  if (!value || value.length > 200) return null;
  const parts = value.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  const [, credentialId, expires, mac] = parts as [string, string, string, string];
  const expected = Buffer.from(sign(secret, `${host}\n${VERSION}.${credentialId}.${expires}`));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Number(expires) > now.getTime() ? credentialId : null;
}

/** Valid cookies remembered at once; beyond that the oldest is forgotten (and checked again when it comes back). */
const REMEMBERED_COOKIES = 10_000;

/**
 * verifyAppCookie that remembers the cookies it found valid, so that a page's every request does
 * not cost an HMAC: only cookies this server signed are kept (forgeries are checked each time and
 * never fill it), and expiry is still decided by the caller's `now` on every use. Whether the
 * credential it names still lives is the caller's to ask, on every use.
 */
export function createAppCookieVerifier(): (options: Parameters<typeof verifyAppCookie>[0]) => string | null {
  const valid = new Map<string, { credentialId: string; expiresAtMs: number }>();
  return ({ secret, value, host, now }) => {
    if (!value || value.length > 200) return null;
    const key = `${secret}\n${host}\n${value}`;
    const known = valid.get(key);
    if (known) return known.expiresAtMs > now.getTime() ? known.credentialId : null;
    const credentialId = verifyAppCookie({ secret, value, host, now });
    if (!credentialId) return null;
    if (valid.size >= REMEMBERED_COOKIES) valid.delete(valid.keys().next().value!);
    valid.set(key, { credentialId, expiresAtMs: Number(value.split(".")[2]) });
    return credentialId;
  };
}
