import { z } from "zod";

// Rules from docs/chat-tools.md, "Names".

const NAME_PATTERN = /^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$/;
const MAX_NAME_LENGTH = 32;
// Reserved because they read as actions in URLs and commands ("/workspaces/new"); compared
// without case so that "New" does not look like the action either.
const RESERVED_NAMES = new Set(["new", "create"]);
// Leaves room for "-" and 4 hex characters within MAX_NAME_LENGTH.
const MAX_BASE_LENGTH = 27;

const ADJECTIVES = [
  "brave", "calm", "clever", "eager", "gentle", "happy", "jolly", "keen",
  "lively", "lucky", "proud", "quick", "quiet", "swift", "tidy", "witty",
];
const NOUNS = [
  "badger", "comet", "falcon", "fox", "harbor", "lantern", "maple", "meadow",
  "otter", "pebble", "river", "robin", "spruce", "summit", "tiger", "willow",
];

export function isValidWorkspaceName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= MAX_NAME_LENGTH &&
    NAME_PATTERN.test(name) &&
    !RESERVED_NAMES.has(name.toLowerCase())
  );
}

export const workspaceNameSchema = z
  .string()
  .trim()
  .min(1, "required")
  .max(MAX_NAME_LENGTH, `at most ${MAX_NAME_LENGTH} characters`)
  .regex(NAME_PATTERN, "letters, digits and single hyphens between them")
  .refine((name) => !RESERVED_NAMES.has(name.toLowerCase()), '"new" and "create" are reserved');

function pick<T>(items: readonly T[], random: () => number): T {
  // Clamp: a random source returning exactly 1 must not read past the end.
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))] as T;
}

/**
 * A valid workspace name derived from a seed (a template name, an email, the text a user typed).
 * `random` returns numbers in [0, 1) like Math.random; tests pass their own.
 */
export function generateWorkspaceName(seed: string, random: () => number = Math.random): string {
  let base = seed.toLowerCase();
  const at = base.lastIndexOf("@");
  if (at !== -1) base = base.slice(0, at);
  base = base.replace(/[^a-z0-9-]/g, "");
  if (base === "") base = "workspace";
  base = base.slice(0, MAX_BASE_LENGTH).replace(/^-+|-+$/g, "");

  const suffix = Math.min(0xffff, Math.floor(random() * 0x10000)).toString(16).padStart(4, "0");
  const name = `${base}-${suffix}`;
  if (isValidWorkspaceName(name)) return name;
  // Seeds like "---" or "a--b" leave nothing usable.
  return `${pick(ADJECTIVES, random)}-${pick(NOUNS, random)}`;
}
