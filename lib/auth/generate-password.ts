import "server-only";
import { randomInt } from "node:crypto";

// No 0/O, 1/l/I: a generated password is read off a screen and typed in once.
const ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A random first or reset password: 4 groups of 5 (~117 bits), shown once, never stored in clear. */
export function generatePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(""),
  );
  return groups.join("-");
}
