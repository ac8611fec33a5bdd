import "server-only";
import { config } from "@/lib/config";
import { readQueueStats } from "@/lib/provisioner/read-queue-stats";
import type { AgentMetricsSnapshot } from "./collect-agent-metrics";
import { collectAgentMetrics } from "./collect-agent-metrics";
import { metrics, type KilnMetrics } from "./registry";

/** Replaces the agent gauges with a snapshot, in one synchronous step (a scrape sees all or none). */
export function applyAgentSnapshot(m: KilnMetrics, snapshot: AgentMetricsSnapshot): void {
  m.agentsUp.reset();
  m.agentsConnections.reset();
  m.agentsApps.reset();
  for (const { labels, value } of snapshot.up) m.agentsUp.set(labels, value);
  for (const labels of snapshot.connections) m.agentsConnections.set(labels, 1);
  for (const labels of snapshot.apps) m.agentsApps.set(labels, 1);
}

/** One collection pass: one `now` for every agent, a fixed number of queries. */
export async function collectMetricsOnce(now = new Date()): Promise<void> {
  const m = metrics();
  const timeAgents = async () => {
    const stopTimer = m.agentsMetricsDuration.startTimer();
    const snapshot = await collectAgentMetrics({ now, inactivityTimeoutMs: config().agentInactivityTimeoutMs });
    applyAgentSnapshot(m, snapshot);
    stopTimer();
  };
  const [, jobs] = await Promise.all([timeAgents(), readQueueStats()]);
  m.jobs.set({ status: "pending" }, jobs.pending);
  m.jobs.set({ status: "running" }, jobs.running);
}

/**
 * Collects on an interval; `/metrics` serves the last snapshot, so a scrape never waits on the
 * database and many scrapers cost nothing extra. Returns a stop function.
 */
export function startMetricsLoop({ intervalMs }: { intervalMs: number }): () => void {
  let running = false;
  const collect = () => {
    if (running) return; // a slow pass is not stacked on
    running = true;
    collectMetricsOnce()
      .catch((error: unknown) => console.error("metrics collection failed:", error))
      .finally(() => (running = false));
  };
  collect();
  const timer = setInterval(collect, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
