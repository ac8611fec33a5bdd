// No "server-only": the custom server (scripts/start.ts) and the pages share this.

/** What an app host names: an app by slug or any port, of one agent of one workspace of one owner. */
export type AppHostTarget = {
  /** An app slug, or null when the first label is a port. */
  slug: string | null;
  port: number | null;
  agent: string;
  workspace: string;
  owner: string;
};

const SEPARATOR = "--";
const MAX_HOST_LENGTH = 253;

/** `<slug|port>--<agent>--<workspace>--<owner>` (lower case: host names are case-insensitive). */
export function appHostLabel({ target, agent, workspace, owner }: { target: string | number; agent: string; workspace: string; owner: string }): string {
  return [String(target), agent, workspace, owner].join(SEPARATOR).toLowerCase();
}

/** The full app host name under `appHostname` (KILN_APP_HOSTNAME). */
export function appHostName(parts: Parameters<typeof appHostLabel>[0] & { appHostname: string }): string {
  return `${appHostLabel(parts)}.${parts.appHostname}`;
}

const isDigits = (text: string) => text.length > 0 && [...text].every((c) => c >= "0" && c <= "9");

/**
 * Reads a request's Host header (its port ignored) as an app host under `appHostname`, or null
 * when it is not one (Kiln itself, anything else). Slugs, agent, workspace and user names hold
 * only single hyphens, so `--` splits the label unambiguously; string operations only, no regex
 * on the header.
 */
export function parseAppHost(host: string | undefined, appHostname: string): AppHostTarget | null {
  if (!host || host.length > MAX_HOST_LENGTH + 6) return null;
  const colon = host.lastIndexOf(":");
  const name = (colon > host.lastIndexOf("]") && colon !== -1 ? host.slice(0, colon) : host).toLowerCase().replace(/\.$/, "");
  const suffix = `.${appHostname.toLowerCase()}`;
  if (!name.endsWith(suffix)) return null;
  const label = name.slice(0, -suffix.length);
  if (label.includes(".")) return null;
  const parts = label.split(SEPARATOR);
  if (parts.length !== 4 || parts.some((part) => part.length === 0 || part.startsWith("-") || part.endsWith("-"))) return null;
  const [first, agent, workspace, owner] = parts as [string, string, string, string];
  if (isDigits(first)) {
    const port = first.length <= 5 ? Number(first) : 0;
    return port >= 1 && port <= 65535 ? { slug: null, port, agent, workspace, owner } : null;
  }
  return { slug: first, port: null, agent, workspace, owner };
}
