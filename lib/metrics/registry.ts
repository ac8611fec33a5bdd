import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    agentsUp: new Gauge({
      name: "kiln_agents_up",
      help: "Agents of each workspace whose latest build is a succeeded start.",
      labelNames: ["username", "workspace_name", "template_name", "template_version"] as const,
      registers,
    }),
    agentsConnections: new Gauge({
      name: "kiln_agents_connections",
      help: "One per agent, labelled with its connection status and lifecycle state.",
      labelNames: ["agent_name", "username", "workspace_name", "status", "lifecycle_state"] as const,
      registers,
    }),
    agentsApps: new Gauge({
      name: "kiln_agents_apps",
      help: "One per workspace app, labelled with its health.",
      labelNames: ["agent_name", "username", "workspace_name", "app_name", "health"] as const,
      registers,
    }),
    agentsMetricsDuration: new Histogram({
      name: "kiln_agents_metrics_duration_seconds",
      help: "How long one collection of the agent metrics took.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    builds: new Counter({
      name: "kiln_builds_total",
      help: "Workspace builds finished by this process (provisioner or reaper), by transition and outcome.",
      labelNames: ["transition", "outcome"] as const,
      registers,
    }),
    buildDuration: new Histogram({
      name: "kiln_build_duration_seconds",
      help: "From a build's job starting (or being queued, if it never started) to its end.",
      labelNames: ["transition", "outcome"] as const,
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers,
    }),
    jobs: new Gauge({
      name: "kiln_provisioner_jobs",
      help: "Provisioner jobs waiting for a provisioner (pending) and being run (running), all provisioners.",
      labelNames: ["status"] as const,
      registers,
    }),
    streamsOpen: new Gauge({ name: "kiln_event_streams_open", help: "Server-sent event streams open in this process.", registers }),
    eventsSent: new Counter({
      name: "kiln_events_sent_total",
      help: "Server-sent events written by this process, by event name.",
      labelNames: ["event"] as const,
      registers,
    }),
    notificationsReceived: new Counter({
      name: "kiln_pubsub_notifications_received_total",
      help: "Pubsub notifications delivered to this process's subscribers.",
      registers,
    }),
  };
}

export type KilnMetrics = ReturnType<typeof createMetrics>;

const globalState = globalThis as unknown as { __kilnMetrics?: KilnMetrics };

/**
 * This process's metrics. On globalThis: Next.js loads the instrumentation hook and each route
 * in bundles of their own, and all of them must count into one registry.
 */
export function metrics(): KilnMetrics {
  globalState.__kilnMetrics ??= createMetrics();
  return globalState.__kilnMetrics;
}
