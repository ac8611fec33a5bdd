import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A new random secret with a recognisable prefix (`kiln_s_` sessions, `kiln_t_` tokens). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** Secrets are stored only as their SHA-256: a leaked table grants nothing. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
