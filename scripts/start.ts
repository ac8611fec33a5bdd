// `npm start`: builds the app when the build is missing or older than the sources, then serves
// it on PORT (default 3000) from this very process — Next.js run as a custom server, so Kiln owns
// the HTTP server and the signals. The server opens the database and applies migrations as it
// starts (instrumentation.ts).
//
// Stopping: SIGTERM or SIGINT, to this process or to npm (the script is `exec`ed, so npm is the
// parent and passes signals on), stops taking requests, ends running builds with "the server
// stopped during the build" once their output is stored, closes the database and exits. If npm
// dies without passing anything on (kill -9), the same stop runs. Workspace agents are separate
// machines by design: they keep running, and the next start finds them again by their pid files.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { appProxyFor } from "@/lib/server/app-proxy-hook";
import { SIGNALS_OWNED_VARIABLE, stopServer } from "@/lib/server/server-stop";
import { generatePrismaClient } from "./prisma-generate";

const root = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "components", "lib", "prisma", "public", "next.config.ts", "package.json", "instrumentation.ts"];
/** A stop that takes longer than this (a hung step, a stuck database) ends with exit code 1. */
const STOP_DEADLINE_MS = 30_000;
/** How often a server started by npm checks that npm is still there. */
const PARENT_POLL_MS = 1000;

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

export function buildIfNeeded(): void {
  generatePrismaClient();
  const buildId = path.join(root, ".next/BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  if (builtAt > changedAt) return;
  console.log("kiln: building the app (next build)…");
  const result = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Serves the built app on `port` until a signal (or the loss of npm) stops it. */
async function serve(port: number): Promise<void> {
  // Tells instrumentation that this process owns SIGTERM and SIGINT (lib/server/server-stop.ts).
  process.env[SIGNALS_OWNED_VARIABLE] = "1";
  (process.env as Record<string, string>).NODE_ENV ??= "production";
  process.title = "kiln-server";
  const app = next({ dev: false, dir: root, port });
  const handle = app.getRequestHandler();
  // Requests for a workspace app's host go to the app proxy (lib/workspace-apps/app-proxy.ts),
  // WebSocket upgrades included: Next.js route handlers cannot take those.
  const server = http.createServer((request, response) => {
    const proxy = appProxyFor(request);
    if (proxy) proxy.handleRequest(request, response);
    else void handle(request, response);
  });
  server.on("upgrade", (request, socket, head) => {
    const proxy = appProxyFor(request);
    if (proxy) proxy.handleUpgrade(request, socket, head);
    else void app.getUpgradeHandler()(request, socket, head);
  });

  let stopping = false;
  const stop = (why: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nkiln: ${why}`);
    setTimeout(() => {
      console.error(`kiln: not stopped after ${STOP_DEADLINE_MS / 1000} s, exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    void (async () => {
      // New requests are refused from now on; open streams end when the database closes.
      if (server.listening) server.close();
      server.closeIdleConnections();
      await stopServer();
      server.closeAllConnections();
      await app.close();
      process.exit(exitCode);
    })().catch((error: unknown) => {
      console.error("kiln: stopping failed:", error);
      process.exit(1);
    });
  };
  // Before prepare(): a signal while the database opens still stops cleanly.
  process.on("SIGTERM", () => stop("SIGTERM received, stopping", 143));
  process.on("SIGINT", () => stop("SIGINT received, stopping", 130));
  if (process.env.npm_lifecycle_event) watchParent(() => stop("npm is gone, stopping", 1));

  await app.prepare();
  if (stopping) return;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, resolve);
  });
  console.log(`kiln: ready — open http://localhost:${port}`);
}

/** npm does not outlive its script; the script must not outlive npm (kill -9 npm passes nothing on). */
function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) onGone();
  }, PARENT_POLL_MS).unref();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildIfNeeded();
  await serve(Number(process.env.PORT ?? 3000));
}
