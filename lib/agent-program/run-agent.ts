import { dialSecretFromToken } from "../workspace-agents/dial-secret";
import type { AgentManifest, AgentManifestScript } from "../workspace-agents/schemas";
import { createAgentClient, isAgentGone, isRetryableError } from "./agent-client";
import { withRetry } from "./backoff";
import { startAppHealthchecks } from "./app-healthchecks";
import { startHealthServer } from "./health-server";
import { startHeartbeat } from "./heartbeat";
import { LifecycleReporter } from "./lifecycle-reporter";
import { LogUploader } from "./log-uploader";
import { ProcessReporter } from "./process-reporter";
import { runStartupScripts, startupState, type MemoryLimit, type ScriptResult } from "./script-runner";
import { unixSocketFetch } from "./unix-fetch";
import { createWorkspaceApi } from "./workspace-api";

export type AgentSettings = {
  /** Base URL of the server (KILN_AGENT_URL). */
  serverUrl: string;
  token: string;
  /** Reach the API through this unix socket (a sandbox's relay) instead of serverUrl's host. */
  apiSocket?: string;
  /** Listen on this unix socket instead of a loopback port. */
  listenSocket?: string;
  /** The address to register, when the server sees the socket under another path. */
  address?: string;
  /** Overrides the manifest's heartbeat interval. */
  heartbeatMs?: number;
  /** The sandbox's memory limit and its kill counter (bound in read-only), to say why a script died. */
  memory?: MemoryLimit;
  /** The HTTP client's fetch (tests: a fake server). */
  fetch?: typeof globalThis.fetch;
};

/**
 * How long the shutdown may spend reporting before the agent exits anyway: less than the grace
 * stopAgentProcess gives before SIGKILL, so a server that is down cannot turn a stop into a kill.
 */
const SHUTDOWN_BUDGET_MS = 5000;

/** How long the shutdown tries to disconnect, retries included. */
const DISCONNECT_BUDGET_MS = 1000;

/** The variables of the agent's own environment that scripts get; everything else comes from the manifest. */
const INHERITED_ENV = ["PATH", "HOME", "LANG"] as const;

function scriptEnv(manifest: AgentManifest): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...manifest.env };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Logs the first failure of a retried call, then every tenth, so a long outage stays readable. */
const logRetries = (what: string, log: (message: string) => void) => (error: unknown, failures: number) => {
  if (failures === 1 || failures % 10 === 0) log(`${what} failed (${failures}x), retrying: ${message(error)}`);
};

/** Retries any failure except the server saying the agent is gone: a bad answer must not end it. */
const unlessGone = (error: unknown) => !isAgentGone(error);

/**
 * The workspace agent: fetches its manifest, listens for the server's dial, connects, heartbeats,
 * runs the startup scripts while streaming their output, and reports its lifecycle. When
 * `shutdown` aborts it reports shutting_down, stops the scripts, reports off and disconnects.
 * Every call is retried with backoff; only the API saying that the agent's token or record is
 * gone (401/404) stops it for good, with its scripts and without reports nobody would take.
 * Resolves with the process's exit code: 0 after a shutdown, 1 when the agent is gone.
 */
export async function runAgent({
  settings,
  shutdown,
  log,
}: {
  settings: AgentSettings;
  shutdown: AbortSignal;
  log: (message: string) => void;
}): Promise<number> {
  const gone = new AbortController();
  const client = createAgentClient({
    baseUrl: settings.serverUrl,
    token: settings.token,
    fetch: settings.fetch ?? (settings.apiSocket ? unixSocketFetch(settings.apiSocket) : undefined),
    onGone: (error) => {
      if (!gone.signal.aborted) log(`the server no longer knows this agent, stopping: ${error.message}`);
      gone.abort();
    },
  });
  /** Aborts on a shutdown or once the agent is gone: what either ends. */
  const stopping = AbortSignal.any([shutdown, gone.signal]);

  let manifest: AgentManifest;
  try {
    // The agent may start before the server (a restart, a machine booting): wait for it.
    manifest = await withRetry(() => client.getManifest({ signal: stopping }), {
      signal: stopping,
      isRetryable: unlessGone,
      onRetry: logRetries("fetching the manifest", log),
    });
  } catch (error) {
    if (gone.signal.aborted) return 1;
    if (shutdown.aborted) return 0;
    log(`cannot fetch the manifest: ${message(error)}`);
    return 1;
  }
  log(`agent ${manifest.name} (${manifest.agentId}) of ${manifest.ownerName}/${manifest.workspaceName}`);

  // Processes and terminals of the workspace API get what startup scripts get, in the same folder.
  // Output of processes started with `report` (a chat's commands) goes to the server as it comes.
  const processReports = new ProcessReporter({ send: (processes) => client.sendProcessOutput(processes), isRetryable: isRetryableError, onError: log });
  const workspaceApi = createWorkspaceApi({ home: manifest.directory || process.cwd(), env: scriptEnv(manifest), log, reports: processReports });
  const health = await startHealthServer({
    agentId: manifest.agentId,
    secret: dialSecretFromToken(settings.token),
    socketPath: settings.listenSocket,
    address: settings.address,
    handle: workspaceApi.handle,
  });
  const stopHealthchecks = startAppHealthchecks({
    apps: manifest.apps,
    report: (apps) => client.reportAppHealth({ apps }, { signal: stopping }),
  });
  const reporter = new LifecycleReporter({ client, log });
  const uploader = new LogUploader({ send: (logs) => client.sendLogs(logs), isRetryable: isRetryableError, onError: log });

  const connect = () => client.connect(health.address, { signal: stopping });
  let heartbeat: { stop(): void } | undefined;
  void withRetry(connect, { signal: stopping, isRetryable: unlessGone, onRetry: logRetries("connecting", log) })
    .then(
      () => log(`connected; listening on ${health.address}`),
      // Not fatal: the heartbeat's 409 makes it connect again.
      (error: unknown) => !stopping.aborted && log(`connect failed: ${message(error)}`),
    )
    .then(() => {
      if (stopping.aborted) return;
      heartbeat = startHeartbeat({
        client,
        intervalMs: settings.heartbeatMs ?? manifest.heartbeatIntervalMs,
        reconnect: connect,
        log,
      });
    });

  const startup = new AbortController();
  const scripts = manifest.scripts.filter((script) => script.runOnStart);
  let isStartReported = false;
  const startupDone = runStartup({ manifest, scripts, reporter, uploader, signal: startup.signal, memory: settings.memory, log }).then((results) => {
    // A start result after the shutdown began would be stale: off tells the rest.
    if (stopping.aborted) return results;
    isStartReported = true;
    void reporter.report({ state: startupState(results), scripts: results });
    return results;
  });

  await new Promise<void>((resolve) => {
    if (stopping.aborted) resolve();
    else stopping.addEventListener("abort", () => resolve(), { once: true });
  });

  if (gone.signal.aborted) {
    // Nobody takes reports any more: stop what runs, and exit.
    heartbeat?.stop();
    stopHealthchecks();
    reporter.close();
    uploader.close();
    processReports.close();
    startup.abort();
    await startupDone;
    workspaceApi.close();
    await stopProcessGroups(new Set([...scriptGroups, ...workspaceApi.liveProcessGroups()]));
    await health.close();
    log("off (gone)");
    return 1;
  }

  log("shutting down");
  const giveUp = setTimeout(() => {
    log("shutdown budget spent; exiting without all reports");
    reporter.close();
    uploader.close();
    processReports.close();
  }, SHUTDOWN_BUDGET_MS);
  stopHealthchecks();
  void reporter.report({ state: "shutting_down" });
  startup.abort();
  const results = await startupDone;
  // What the scripts left running (a dev server), the API's processes and terminals belong to
  // the workspace, which is stopping.
  workspaceApi.close();
  await stopProcessGroups(new Set([...scriptGroups, ...workspaceApi.liveProcessGroups()]));
  await Promise.all([uploader.flush(), processReports.flush()]);
  // Scripts the shutdown interrupted were never reported as ended: off carries them.
  void reporter.report({ state: "off", ...(isStartReported || results.length === 0 ? {} : { scripts: results }) });
  await reporter.idle();
  // Heartbeats stop first, so none arrives after the disconnect and undoes it.
  heartbeat?.stop();
  const disconnectBudget = AbortSignal.timeout(DISCONNECT_BUDGET_MS);
  await withRetry(() => client.disconnect({ signal: disconnectBudget }), {
    signal: disconnectBudget,
    initialDelayMs: 100,
    isRetryable: isRetryableError,
  }).catch((error: unknown) => log(`disconnect failed: ${message(error)}`));
  clearTimeout(giveUp);
  reporter.close();
  uploader.close();
  processReports.close();
  await health.close();
  log("off");
  return 0;
}

/**
 * Reports starting, runs the run_on_start scripts and waits until every line they wrote is
 * stored: followers stop reading startup logs once the state leaves starting, so the lines go
 * before the result. Resolves with each script's result.
 */
async function runStartup({
  manifest,
  scripts,
  reporter,
  uploader,
  signal,
  memory,
  log,
}: {
  manifest: AgentManifest;
  scripts: AgentManifestScript[];
  reporter: LifecycleReporter;
  uploader: LogUploader;
  signal: AbortSignal;
  memory: MemoryLimit | undefined;
  log: (message: string) => void;
}): Promise<ScriptResult[]> {
  const startedAt = new Date().toISOString();
  void reporter.report({ state: "starting", scripts: scripts.map((script) => ({ id: script.id, status: "running", startedAt })) });
  if (scripts.length === 0) return [];
  let results: ScriptResult[];
  try {
    results = await runStartupScripts({
      scripts,
      // An empty directory would be the server's mistake; the agent's own folder is the best guess.
      cwd: manifest.directory || process.cwd(),
      env: scriptEnv(manifest),
      signal,
      onLine: (line) => uploader.push(line),
      onProcessGroup: (pgid) => scriptGroups.add(pgid),
      memory,
    });
  } catch (error) {
    // The scripts could not even be started (the folder cannot be made, say): they all failed.
    log(`startup scripts failed: ${message(error)}`);
    const now = new Date().toISOString();
    uploader.push({ scriptId: null, level: "error", output: `startup scripts could not run: ${message(error)}`, createdAt: now });
    results = scripts.map((script) => ({ id: script.id, status: "failed", exitCode: null, startedAt, endedAt: now }));
  }
  await uploader.flush();
  return results;
}

/** Process groups of this agent's startup scripts, so a stop ends what they left running. */
const scriptGroups = new Set<number>();

/**
 * SIGTERM to each group, SIGKILL to those still there after the grace. Awaited: the agent
 * exits right after its shutdown, which would drop a timer.
 */
async function stopProcessGroups(groups: Set<number>, graceMs = 1000): Promise<void> {
  const signal = (pgid: number, name: NodeJS.Signals | 0) => {
    try {
      process.kill(-pgid, name);
      return true;
    } catch {
      return false;
    }
  };
  for (const pgid of groups) signal(pgid, "SIGTERM");
  const alive = () => [...groups].filter((pgid) => signal(pgid, 0));
  const deadline = Date.now() + graceMs;
  while (alive().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const pgid of alive()) signal(pgid, "SIGKILL");
}
