import "server-only";
import type http from "node:http";
import type { Duplex } from "node:stream";
import { cachedActor, cachedCredentialActor } from "@/lib/auth/cached-actor";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { readCookie, serializeCookie } from "@/lib/api/cookies";
import { config } from "@/lib/config";
import { consumeAppToken } from "./app-auth-token";
import { APP_COOKIE, createAppCookieVerifier, signAppCookie } from "./app-cookie";
import { parseAppHost, type AppHostTarget } from "./app-host";
import { mayOpenApp } from "./app-share";
import { requestHeadersForApp, requestHeadText } from "./forward-headers";
import { TunnelError } from "./open-tunnel";
import { cachedAppTarget } from "./cached-app-target";
import { relayAppRequest } from "./relay-app-request";
import { hasOneHost, originFormTarget } from "./request-target";
import type { ResolvedApp } from "./resolve-app-target";
import { serverSecret } from "./server-secret";
import { createTunnelPools } from "./tunnel-pool";
import { createAppConnector } from "./app-connector";
import { createNetnsDialer } from "./netns-dialer";

/** Where the app origin exchanges a hand-over token for its own cookie. */
export const APP_AUTH_PATH = "/.kiln/auth";
const COOKIE_SECRET = "app-cookie";
/** Host headers whose parse is remembered (targetOf). */
const MAX_HOST_TARGETS = 1000;

export type AppProxy = {
  /** Whether the request's Host is an app host (anything else is Kiln's). */
  matches(request: http.IncomingMessage): boolean;
  handleRequest(request: http.IncomingMessage, response: http.ServerResponse): void;
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends its kept connections and its bridges into workspace networks (the server stops). */
  close(): void;
};

type Visit = { host: string; target: AppHostTarget; app: ResolvedApp };

const hostName = (host: string) => {
  const colon = host.lastIndexOf(":");
  return (colon > host.lastIndexOf("]") && colon !== -1 ? host.slice(0, colon) : host).toLowerCase().replace(/\.$/, "");
};
const hostPort = (host: string) => {
  const colon = host.lastIndexOf(":");
  return colon > host.lastIndexOf("]") && colon !== -1 ? host.slice(colon) : "";
};

const appConnection = (app: ResolvedApp) => ({ agentId: app.agentId, address: app.address ?? "", tokenHash: app.tokenHash, port: app.port });

function plain(response: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}): void {
  if (response.headersSent) return void response.destroy();
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
  response.end(`${text}\n`);
}

const forwardedFor = (request: http.IncomingMessage) => ({
  for: request.socket.remoteAddress ?? "",
  proto: config().secureCookies ? "https" : "http",
  host: request.headers.host ?? "",
});

function bearer(request: http.IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (!header || header.length > 300 || !header.toLowerCase().startsWith("bearer ")) return null;
  return header.slice(7).trim() || null;
}

/**
 * Serves workspace apps on their own origins (docs: "Workspace apps"): matches the Host, finds
 * the visitor (an API token, or the app origin's own cookie), checks the app's share, and relays
 * the request through a tunnel the agent opens to the port inside the workspace. Anyone not
 * allowed gets 404, whether or not the app exists; a browser without a session is first sent
 * through Kiln's sign-in (`/api/v1/apps/open`), which hands back a single-use token.
 */
export function createAppProxy({ now = () => new Date() }: { now?: () => Date } = {}): AppProxy {
  const appHostname = () => config().appHostname;
  const verifyCookie = createAppCookieVerifier();
  /**
   * parseAppHost's answers per Host header: the custom server asks for every request (Kiln's own
   * included) whether it is an app's, and the proxy then needs the target. Bounded, since anyone
   * can send any Host: full, it starts over.
   */
  const hostTargets = new Map<string, AppHostTarget | null>();
  const targetOf = (request: http.IncomingMessage): AppHostTarget | null => {
    const key = `${appHostname()}\n${request.headers.host ?? ""}`;
    let target = hostTargets.get(key);
    if (target === undefined) {
      target = parseAppHost(request.headers.host, appHostname());
      if (hostTargets.size >= MAX_HOST_TARGETS) hostTargets.clear();
      hostTargets.set(key, target);
    }
    return target;
  };

  /** The visitor's user id, or null (anonymous); `false` when a bearer token was shown and is not valid. */
  async function visitor(request: http.IncomingMessage, host: string, at: Date): Promise<string | null | false> {
    const token = bearer(request);
    // Who a token is and where an app is are kept per replica until a change is published
    // (cachedActor, cachedAppTarget): every request would otherwise cost four queries.
    if (token) return (await cachedActor({ secret: token, now: at }))?.id ?? false;
    const cookie = readCookie(request.headers.cookie ?? null, APP_COOKIE);
    if (!cookie) return null;
    const credentialId = verifyCookie({ secret: await serverSecret(COOKIE_SECRET), value: cookie, host, now: at });
    // The session the cookie was opened with, still alive: a sign-out ends the app cookie too.
    // A cookie that no longer counts is no cookie: the browser goes through sign-in again.
    return credentialId ? ((await cachedCredentialActor({ credentialId, now: at }))?.id ?? null) : null;
  }

  /** The app the request may reach, or why not. */
  async function admit(request: http.IncomingMessage): Promise<Visit | "sign-in" | "not-found"> {
    const host = hostName(request.headers.host ?? "");
    const target = targetOf(request);
    if (!target) return "not-found";
    const at = now();
    const [who, app] = await Promise.all([visitor(request, host, at), cachedAppTarget({ host, target, now: at })]);
    if (app && who !== false && mayOpenApp({ share: app.share, ownerId: app.ownerId, visitorId: who })) return { host, target, app };
    return who === null ? "sign-in" : "not-found";
  }

  async function exchangeToken(request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<void> {
    const host = hostName(request.headers.host ?? "");
    const at = now();
    const spent = await consumeAppToken({ token: url.searchParams.get("token") ?? "", host, now: at });
    if (!spent) return plain(response, 404, "This sign-in link has expired or was already used. Open the app again from Kiln.");
    // No longer than the session it was opened with.
    const expiresAtMs = Math.min(at.getTime() + config().sessionHours * 3_600_000, spent.expiresAt.getTime());
    const value = signAppCookie({ secret: await serverSecret(COOKIE_SECRET), credentialId: spent.credentialId, host, expiresAt: new Date(expiresAtMs) });
    plain(response, 303, "Signed in.", {
      location: safeNextPath(url.searchParams.get("next")),
      "set-cookie": serializeCookie(APP_COOKIE, value, { maxAgeSeconds: Math.max(0, Math.floor((expiresAtMs - at.getTime()) / 1000)), secure: config().secureCookies }),
    });
  }

  function signInRedirect(request: http.IncomingMessage, response: http.ServerResponse): void {
    const host = request.headers.host ?? "";
    const browsing = (request.method === "GET" || request.method === "HEAD") && (request.headers.accept ?? "").includes("text/html");
    if (!browsing) return plain(response, 404, "Not found.");
    const scheme = config().secureCookies ? "https" : "http";
    const open = new URL(`${scheme}://${appHostname()}${hostPort(host)}/api/v1/apps/open`);
    open.searchParams.set("host", hostName(host));
    open.searchParams.set("next", safeNextPath(request.url));
    plain(response, 303, "Sign in to open this app.", { location: open.toString() });
  }

  async function tunnelFor(visit: Visit): Promise<Duplex | string> {
    if (!visit.app.address) return "The workspace agent is not connected.";
    try {
      return await connect(appConnection(visit.app));
    } catch (error) {
      if (error instanceof TunnelError) return `The app is not reachable: ${error.message}.`;
      throw error;
    }
  }

  async function proxyRequest(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const path = originFormTarget({ url: request.url ?? "/", host: request.headers.host ?? "" });
    if (!path || !hasOneHost(request.rawHeaders)) return plain(response, 400, "Bad request target.");
    if (path === APP_AUTH_PATH || path.startsWith(`${APP_AUTH_PATH}?`)) return exchangeToken(request, response, new URL(path, "http://app"));
    const visit = await admit(request);
    if (visit === "not-found") return plain(response, 404, "Not found.");
    if (visit === "sign-in") return signInRedirect(request, response);
    if (!visit.app.address) return plain(response, 502, "The workspace agent is not connected.");
    const head = requestHeadText({
      method: request.method ?? "GET",
      url: path,
      headers: requestHeadersForApp({ rawHeaders: request.rawHeaders, upgrade: false, forwarded: forwardedFor(request) }),
    });
    await relayAppRequest({
      pools: tunnelPools,
      target: appConnection(visit.app),
      request,
      response,
      head,
      host: visit.host,
    });
  }

  async function proxyUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Closed once written: an upgrade socket is nobody's to keep alive.
    const refuse = (status: number, reason: string) =>
      void socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`, () => socket.destroy());
    const url = originFormTarget({ url: request.url ?? "/", host: request.headers.host ?? "" });
    if (!url || !hasOneHost(request.rawHeaders)) return refuse(400, "Bad Request");
    const visit = await admit(request);
    if (typeof visit === "string") return refuse(404, "Not Found");
    const tunnel = await tunnelFor(visit);
    if (typeof tunnel === "string") return refuse(502, "Bad Gateway");
    const headers = requestHeadersForApp({ rawHeaders: request.rawHeaders, upgrade: true, forwarded: forwardedFor(request) });
    tunnel.write(`${requestHeadText({ method: request.method ?? "GET", url, headers })}\r\n`, "latin1");
    if (head.length > 0) tunnel.write(head);
    tunnel.pipe(socket);
    socket.pipe(tunnel);
    const closeBoth = () => {
      socket.destroy();
      tunnel.destroy();
    };
    for (const side of [tunnel, socket]) side.on("error", closeBoth).on("close", closeBoth);
    // A visitor that hangs up is gone (a WebSocket has no use for a half-open side): without
    // this, an app that never closes its end would keep both connections forever.
    socket.on("end", closeBoth);
  }

  const dialer = createNetnsDialer();
  const connect = createAppConnector({ dialer });
  const tunnelPools = createTunnelPools({ open: connect });

  return {
    matches: (request) => targetOf(request) !== null,
    handleRequest: (request, response) =>
      void proxyRequest(request, response).catch((error: unknown) => {
        console.error("app proxy:", error);
        plain(response, 502, "The app proxy failed.");
      }),
    handleUpgrade: (request, socket, head) =>
      void proxyUpgrade(request, socket, head).catch((error: unknown) => {
        console.error("app proxy (upgrade):", error);
        socket.destroy();
      }),
    close() {
      tunnelPools.close();
      dialer.close();
    },
  };
}
