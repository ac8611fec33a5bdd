// A second OS process for the pubsub integration test (postgres-pubsub.int.test.ts):
// it subscribes to one channel through PostgresPubSub and reports each event as one JSON
// line on stdout: {"type":"ready"}, {"type":"message","payload":"…"}, {"type":"reconnected"}.
//
// Usage: node --import tsx lib/pubsub/testing/listener-process.ts <databaseUrl> <channel> <applicationName>
// (or the env variables KILN_PUBSUB_URL, KILN_PUBSUB_CHANNEL, KILN_PUBSUB_APP).
// It exits on SIGTERM/SIGINT, and when its stdin closes, so that it cannot outlive a test
// runner that died without killing it.
import { PostgresPubSub } from "../postgres-pubsub";

const [urlArg, channelArg, appArg] = process.argv.slice(2);
const url = urlArg ?? process.env.KILN_PUBSUB_URL;
const channel = channelArg ?? process.env.KILN_PUBSUB_CHANNEL;
const applicationName = appArg ?? process.env.KILN_PUBSUB_APP;
if (!url || !channel || !applicationName) {
  console.error("usage: listener-process.ts <databaseUrl> <channel> <applicationName>");
  process.exit(2);
}

const emit = (event: { type: "ready" } | { type: "message"; payload: string } | { type: "reconnected" }) => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

// Errors are expected (the test kills our connection): they go to stderr, off the protocol.
const pubsub = new PostgresPubSub({ url, applicationName, maxBackoffMs: 500, onError: (error) => console.error(error.message) });

let isStopping = false;
async function stop(): Promise<void> {
  if (isStopping) return;
  isStopping = true;
  // close() waits for open connections; do not let a stuck one keep the process alive.
  setTimeout(() => process.exit(0), 2000).unref();
  await pubsub.close().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
process.stdin.on("end", () => void stop());
process.stdin.resume();

pubsub.onReconnect(() => emit({ type: "reconnected" }));
await pubsub.subscribe(channel, (payload) => emit({ type: "message", payload }));
emit({ type: "ready" });
