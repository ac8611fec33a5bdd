/**
 * A path to go to after a sign-in or an app hand-over: only a local absolute path (`/x`), never
 * `//host` or `/\host` (another origin to a browser) nor control characters; else `fallback`.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/"): string {
  if (!next || next.length > 2048 || !next.startsWith("/")) return fallback;
  if (next.startsWith("//") || next.startsWith("/\\")) return fallback;
  if ([...next].some((c) => c < " " || c === "\u007f")) return fallback;
  return next;
}
