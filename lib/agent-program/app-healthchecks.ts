import http from "node:http";
import type { AgentManifestApp, AppHealthReport } from "../workspace-agents/schemas";

type Health = AppHealthReport["apps"][number]["health"];

/** A check slower than this fails, whatever the interval. */
const MAX_CHECK_MS = 5000;

/** One GET to the app inside the workspace: healthy on 2xx/3xx, anything else (or no answer) fails. */
export function checkOnce({ port, path, timeoutMs }: { port: number; path: string; timeoutMs: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve((response.statusCode ?? 500) < 400);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

/**
 * Runs each app's healthcheck in the agent (it sees the workspace's own network): every
 * `intervalSeconds`, unhealthy after `threshold` failures in a row, healthy on a success,
 * initializing until the first verdict. Reports only changes, through `report` (the agent API);
 * a failed report is tried again with the next check. Apps without a healthcheck are left alone
 * (the server keeps them disabled). Returns the stop.
 */
export function startAppHealthchecks({
  apps,
  report,
  check = checkOnce,
}: {
  apps: AgentManifestApp[];
  report: (apps: AppHealthReport["apps"]) => Promise<void>;
  check?: typeof checkOnce;
}): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const app of apps) {
    const { healthcheck, port } = app;
    if (!healthcheck || port === null) continue;
    let failures = 0;
    let reported: Health | null = null;
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        const ok = await check({ port, path: healthcheck.path, timeoutMs: Math.min(MAX_CHECK_MS, healthcheck.intervalSeconds * 1000) });
        failures = ok ? 0 : failures + 1;
        const health: Health = ok ? "healthy" : failures >= healthcheck.threshold ? "unhealthy" : (reported ?? "initializing");
        if (health !== reported) {
          await report([{ slug: app.slug, health }]);
          reported = health;
        }
      } catch {
        // The next check reports again.
      } finally {
        running = false;
      }
    };
    timers.push(setInterval(() => void tick(), healthcheck.intervalSeconds * 1000));
    void tick();
  }
  return () => timers.forEach(clearInterval);
}
