// No "server-only": scripts/start.ts (the custom server, outside Next's module graphs) calls it.
import type http from "node:http";
import type { Duplex } from "node:stream";

/** What the custom server hands app-host traffic to (lib/workspace-apps/app-proxy.ts). */
export type AppProxyHook = {
  matches(request: http.IncomingMessage): boolean;
  handleRequest(request: http.IncomingMessage, response: http.ServerResponse): void;
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void;
};

type HookState = { __kilnAppProxy?: AppProxyHook };
const state = globalThis as unknown as HookState;

/**
 * Registers the app proxy (instrumentation's startServer does). On globalThis: Next.js loads
 * instrumentation in a module graph of its own, apart from the custom server's, and the proxy
 * needs that graph's database.
 */
export function setAppProxy(proxy: AppProxyHook): void {
  state.__kilnAppProxy = proxy;
}

/** The registered app proxy when the request is for an app host, else null (Kiln serves it). */
export function appProxyFor(request: http.IncomingMessage): AppProxyHook | null {
  const proxy = state.__kilnAppProxy;
  return proxy?.matches(request) ? proxy : null;
}
