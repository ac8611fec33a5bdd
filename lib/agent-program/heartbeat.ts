import { AgentApiError, isAgentGone, type AgentClient } from "./agent-client";
import { sleep } from "./backoff";

/**
 * Heartbeats every `intervalMs` until stopped. A failure does not end the loop: the server may be
 * restarting, and the next beat reconnects the agent. A 409 means the server does not know the
 * agent as connected, so it connects again. Only a definite "agent gone" (isAgentGone) ends it.
 */
export function startHeartbeat({
  client,
  intervalMs,
  reconnect,
  log,
}: {
  client: AgentClient;
  intervalMs: number;
  reconnect: () => Promise<void>;
  log: (message: string) => void;
}): { stop(): void } {
  const stop = new AbortController();
  void (async () => {
    let failing = false;
    while (!stop.signal.aborted) {
      await sleep(intervalMs, stop.signal);
      if (stop.signal.aborted) return;
      try {
        await client.heartbeat({ signal: stop.signal });
        if (failing) log("heartbeat works again");
        failing = false;
      } catch (error) {
        // The client told the agent, which stops everything.
        if (stop.signal.aborted || isAgentGone(error)) return;
        if (error instanceof AgentApiError && error.status === 409) {
          await reconnect().catch((reconnectError: Error) => log(`reconnect failed: ${reconnectError.message}`));
        } else if (!failing) {
          log(`heartbeat failed, will keep trying: ${(error as Error).message}`);
        }
        failing = true;
      }
    }
  })();
  return { stop: () => stop.abort() };
}
