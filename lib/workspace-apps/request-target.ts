/**
 * The request-target the app gets: origin-form (path and query), as RFC 9112 §3.2.1 has a client
 * send to an origin server. A visitor may send absolute-form (`GET http://host/path`): the app
 * would read its own routes, and Kiln its /.kiln/auth, from a different target than the path,
 * so it goes on as its path and query — and only when it names the Host the request was let in
 * by (null otherwise: refused). Origin-form and `*` go on as they are.
 */
export function originFormTarget({ url, host }: { url: string; host: string }): string | null {
  if (url.startsWith("/") || url === "*") return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.host !== new URL(`http://${host}`).host) return null;
  return `${parsed.pathname}${parsed.search}`;
}

/** Whether the request has exactly one Host (RFC 9112 §3.2: a server answers 400 otherwise); Node keeps the first for routing while the app could read another. */
export function hasOneHost(rawHeaders: string[]): boolean {
  let hosts = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === "host") hosts++;
  return hosts === 1;
}
