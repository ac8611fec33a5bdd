import { SESSION_COOKIE } from "@/lib/auth/actor";
import { APP_COOKIE } from "./app-cookie";

/** Headers that describe one hop, not the message (RFC 9110 §7.6.1), plus what Kiln keeps to itself. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"]);
const KILN_COOKIES = new Set([SESSION_COOKIE, APP_COOKIE]);

/** A Cookie header without Kiln's own cookies; null when nothing is left. */
export function stripKilnCookies(header: string): string | null {
  const kept = header
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && !KILN_COOKIES.has(part.slice(0, part.indexOf("=") === -1 ? part.length : part.indexOf("=")).trim()));
  return kept.length > 0 ? kept.join("; ") : null;
}

/**
 * The request's headers as the app gets them, as a raw [name, value, …] list (order and
 * repetition kept): no Authorization, no Kiln cookies, no hop-by-hop headers (unless `upgrade`,
 * when Connection and Upgrade are the point), none saying where it came from but Kiln's own X-Forwarded-*.
 */
export function requestHeadersForApp({ rawHeaders, upgrade, forwarded }: { rawHeaders: string[]; upgrade: boolean; forwarded: { for: string; proto: string; host: string } }): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    // Where the request came from is Kiln's to say (below): a visitor's own Forwarded or X-Real-IP would be believed.
    if (lower === "authorization" || lower.startsWith("x-forwarded-") || lower === "forwarded" || lower === "x-real-ip") continue;
    if (HOP_BY_HOP.has(lower) && !(upgrade && (lower === "connection" || lower === "upgrade"))) continue;
    if (lower === "cookie") {
      const kept = stripKilnCookies(value);
      if (kept) out.push(name, kept);
      continue;
    }
    out.push(name, value);
  }
  out.push("x-forwarded-for", forwarded.for, "x-forwarded-proto", forwarded.proto, "x-forwarded-host", forwarded.host);
  return out;
}

/** An HTTP/1.1 request head from `headers` (as requestHeadersForApp gives them), without the blank line that ends it. */
export function requestHeadText({ method, url, headers }: { method: string; url: string; headers: string[] }): string {
  let text = `${method} ${url} HTTP/1.1\r\n`;
  for (let i = 0; i + 1 < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
  return text;
}

/** A Set-Cookie the app may send: none for Kiln's cookie names, none with a Domain other than the app's own host. */
export function isAllowedSetCookie(value: string, host: string): boolean {
  const [pair = "", ...attributes] = value.split(";");
  const name = pair.slice(0, pair.indexOf("=") === -1 ? pair.length : pair.indexOf("=")).trim();
  if (KILN_COOKIES.has(name)) return false;
  for (const attribute of attributes) {
    const [key = "", domain = ""] = attribute.split("=");
    if (key.trim().toLowerCase() !== "domain") continue;
    if (domain.trim().toLowerCase().replace(/^\./, "") !== host) return false;
  }
  return true;
}

/** The response's headers as the browser gets them: hop-by-hop dropped, disallowed Set-Cookies dropped. */
export function responseHeadersForVisitor(rawHeaders: string[], host: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === "set-cookie" && !isAllowedSetCookie(value, host)) continue;
    out.push(name, value);
  }
  return out;
}
