import "server-only";
import { serializeCookie } from "@/lib/api/cookies";
import { config } from "@/lib/config";
import { SESSION_COOKIE } from "./actor";

export function sessionCookie(secret: string, expiresAt: Date, now = new Date()): string {
  return serializeCookie(SESSION_COOKIE, secret, {
    maxAgeSeconds: (expiresAt.getTime() - now.getTime()) / 1000,
    secure: config().secureCookies,
  });
}

export function clearedSessionCookie(): string {
  return serializeCookie(SESSION_COOKIE, "", { maxAgeSeconds: 0, secure: config().secureCookies });
}
