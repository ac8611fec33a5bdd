/** The only paths a workspace's relay passes to Kiln. */
export const AGENT_API_PREFIX = "/api/v1/agent/";

/**
 * Where the agent API relay sends a request line's target, or null to refuse it: a path (never a
 * host or a full URL) that, once the URL parser has resolved its dot segments (`..`, `%2e%2e`,
 * backslashes), still lies under /api/v1/agent/ of `base`.
 */
export function agentApiTarget({ url, base }: { url: string; base: string }): URL | null {
  const baseUrl = new URL(base);
  if (!url.startsWith("/") || url.startsWith("//")) return null;
  let target: URL;
  try {
    target = new URL(url, baseUrl);
  } catch {
    return null;
  }
  return target.origin === baseUrl.origin && target.pathname.startsWith(AGENT_API_PREFIX) ? target : null;
}
