import "server-only";
import http from "node:http";
import type { Duplex } from "node:stream";
import { cachedActor } from "@/lib/auth/cached-actor";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { readCookie, serializeCookie } from "@/lib/api/cookies";
import { config } from "@/lib/config";
import { consumeAppToken } from "./app-auth-token";
import { APP_COOKIE, signAppCookie, verifyAppCookie } from "./app-cookie";
import { parseAppHost, type AppHostTarget } from "./app-host";
import { mayOpenApp } from "./app-share";
import { requestHeadersForApp, responseHeadersForVisitor } from "./forward-headers";
import { openTunnel, TunnelError } from "./open-tunnel";
import { cachedAppTarget } from "./cached-app-target";
import type { ResolvedApp } from "./resolve-app-target";
import { serverSecret } from "./server-secret";
import { createTunnelPools } from "./tunnel-pool";

/** Where the app origin exchanges a hand-over token for its own cookie. */
export const APP_AUTH_PATH = "/.kiln/auth";
const COOKIE_SECRET = "app-cookie";

export type AppProxy = {
  /** Whether the request's Host is an app host (anything else is Kiln's). */
  matches(request: http.IncomingMessage): boolean;
  handleRequest(request: http.IncomingMessage, response: http.ServerResponse): void;
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void;
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

function plain(response: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}): void {
  if (response.headersSent) return void response.destroy();
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
  response.end(`${text}\n`);
}

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

  /** The visitor's user id, or null (anonymous); `false` when a bearer token was shown and is not valid. */
  async function visitor(request: http.IncomingMessage, host: string, at: Date): Promise<string | null | false> {
    const token = bearer(request);
    // Who a token is and where an app is are kept per replica until a change is published
    // (cachedActor, cachedAppTarget): every request would otherwise cost four queries.
    if (token) return (await cachedActor({ secret: token, now: at }))?.id ?? false;
    const cookie = readCookie(request.headers.cookie ?? null, APP_COOKIE);
    if (!cookie) return null;
    return verifyAppCookie({ secret: await serverSecret(COOKIE_SECRET), value: cookie, host, now: at });
  }

  /** The app the request may reach, or why not. */
  async function admit(request: http.IncomingMessage): Promise<Visit | "sign-in" | "not-found"> {
    const host = hostName(request.headers.host ?? "");
    const target = parseAppHost(request.headers.host, appHostname());
    if (!target) return "not-found";
    const at = now();
    const [who, app] = await Promise.all([visitor(request, host, at), cachedAppTarget({ host, target, now: at })]);
    if (app && who !== false && mayOpenApp({ share: app.share, ownerId: app.ownerId, visitorId: who })) return { host, target, app };
    return who === null ? "sign-in" : "not-found";
  }

  async function exchangeToken(request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<void> {
    const host = hostName(request.headers.host ?? "");
    const at = now();
    const userId = await consumeAppToken({ token: url.searchParams.get("token") ?? "", host, now: at });
    if (!userId) return plain(response, 404, "This sign-in link has expired or was already used. Open the app again from Kiln.");
    const expiresAt = new Date(at.getTime() + config().sessionHours * 3_600_000);
    const value = signAppCookie({ secret: await serverSecret(COOKIE_SECRET), userId, host, expiresAt });
    plain(response, 303, "Signed in.", {
      location: safeNextPath(url.searchParams.get("next")),
      "set-cookie": serializeCookie(APP_COOKIE, value, { maxAgeSeconds: config().sessionHours * 3600, secure: config().secureCookies }),
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
      return await openTunnel({ address: visit.app.address, tokenHash: visit.app.tokenHash, port: visit.app.port });
    } catch (error) {
      if (error instanceof TunnelError) return `The app is not reachable: ${error.message}.`;
      throw error;
    }
  }

  async function proxyRequest(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://app");
    if (url.pathname === APP_AUTH_PATH) return exchangeToken(request, response, url);
    const visit = await admit(request);
    if (visit === "not-found") return plain(response, 404, "Not found.");
    if (visit === "sign-in") return signInRedirect(request, response);
    if (!visit.app.address) return plain(response, 502, "The workspace agent is not connected.");
    const headers = requestHeadersForApp({
      rawHeaders: request.rawHeaders,
      upgrade: false,
      forwarded: { for: request.socket.remoteAddress ?? "", proto: config().secureCookies ? "https" : "http", host: request.headers.host ?? "" },
    });
    const pool = tunnelPools.for({ address: visit.app.address, tokenHash: visit.app.tokenHash, port: visit.app.port });
    // A request without a body may go again when a kept-alive tunnel turns out closed (the app
    // dropped an idle connection just as it was reused); one with a body cannot be replayed.
    const replayable = (request.method === "GET" || request.method === "HEAD") && !request.headers["content-length"] && !request.headers["transfer-encoding"];
    const send = (mayRetry: boolean): void => {
      const upstream = http.request({ agent: pool, method: request.method, path: request.url, headers: headers as never });
      upstream.on("response", (answer) => relay(answer, response, visit.host));
      upstream.on("error", (error) => {
        if (mayRetry && upstream.reusedSocket && !response.headersSent) return send(false);
        if (response.headersSent) return void response.destroy();
        plain(response, 502, error instanceof TunnelError ? `The app is not reachable: ${error.message}.` : "The app closed the connection.");
      });
      response.once("close", () => {
        if (!response.writableFinished) upstream.destroy();
      });
      if (replayable) upstream.end();
      else request.pipe(upstream);
    };
    send(replayable);
  }

  /**
   * The app's answer to the visitor, each chunk as it comes: an event stream is not held back.
   * The head goes out on its own only when the length is unknown (a stream may be slow to say
   * anything); a sized answer's head leaves with its first bytes, one write instead of two.
   */
  function relay(answer: http.IncomingMessage, response: http.ServerResponse, host: string): void {
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, responseHeadersForVisitor(answer.rawHeaders, host) as never);
    if (answer.headers["content-length"] === undefined) response.flushHeaders();
    answer.pipe(response);
    answer.on("error", () => response.destroy());
  }

  async function proxyUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Closed once written: an upgrade socket is nobody's to keep alive.
    const refuse = (status: number, reason: string) =>
      void socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`, () => socket.destroy());
    const visit = await admit(request);
    if (typeof visit === "string") return refuse(404, "Not Found");
    const tunnel = await tunnelFor(visit);
    if (typeof tunnel === "string") return refuse(502, "Bad Gateway");
    const headers = requestHeadersForApp({
      rawHeaders: request.rawHeaders,
      upgrade: true,
      forwarded: { for: request.socket.remoteAddress ?? "", proto: config().secureCookies ? "https" : "http", host: request.headers.host ?? "" },
    });
    let text = `${request.method} ${request.url} HTTP/1.1\r\n`;
    for (let i = 0; i + 1 < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
    tunnel.write(`${text}\r\n`);
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

  const tunnelPools = createTunnelPools();

  return {
    matches: (request) => parseAppHost(request.headers.host, appHostname()) !== null,
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
  };
}
