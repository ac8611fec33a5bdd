type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export type CallOptions = {
  method?: string;
  /** A value to send as JSON, or a raw string sent as it is. */
  body?: unknown;
  /** Session secret sent as the cookie. */
  session?: string;
  /** API token sent as `Authorization: Bearer`. */
  token?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  path?: string;
};

// Tests read response bodies loosely and assert their shape with expect().
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = any;

/** Calls a route handler in-process, the way Next.js would, and returns status and JSON. */
export async function callRoute<T = LooseJson>(handler: Handler, options: CallOptions = {}) {
  const headers = new Headers(options.headers);
  if (options.body !== undefined) headers.set("content-type", headers.get("content-type") ?? "application/json");
  if (options.session) headers.set("cookie", `kiln_session=${options.session}`);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  headers.set("host", "kiln.test");
  const request = new Request(`http://kiln.test${options.path ?? "/api/v1/test"}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: response.headers,
    /** The session secret the response set, if any. */
    session: /kiln_session=([^;]*)/.exec(response.headers.get("set-cookie") ?? "")?.[1],
  };
}
