// Test child: plays one more server replica on a shared PostgreSQL database. Run with
// `node --conditions=react-server --import tsx`. Argument: one JSON command
//   {"databaseUrl", "dataDir", "accessUrl", "chatId", "actor", "templateId", "count"}.
// Prints `{"type":"ready"}` once connected, waits for a `go` line on stdin (so that several
// replicas start at the same moment), fires `count` parallel create_workspace calls on the chat,
// prints each as `{"type":"result","result":...}` when it returns, then `{"type":"done"}` and exits.
import { createInterface } from "node:readline";
import type { Actor } from "@/lib/auth/actor";
import { runChatTool } from "@/lib/chat/tools/run-chat-tool";
import { setToolConfig } from "@/lib/chat/tools/tool-config";
import { setConfig } from "@/lib/config";
import { closeLockPool, withAdvisoryLock } from "@/lib/db/advisory-lock";
import { closeDb, initDb } from "@/lib/db/client";
import { closePubSub, pubsub } from "@/lib/pubsub/pubsub";

export type ReplicaCommand = {
  databaseUrl: string;
  dataDir: string;
  accessUrl: string;
  chatId: string;
  actor: Actor;
  templateId: string;
  count: number;
};

const command = JSON.parse(process.argv[2] ?? "{}") as ReplicaCommand;
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

// The same settings as the test's server: agents call back to its agent API, and the waits here
// are woken by that process's notifications over LISTEN/NOTIFY.
setConfig({ dataDir: command.dataDir, accessUrl: command.accessUrl });
setToolConfig({ buildTimeoutMs: 60_000, agentConnectTimeoutMs: 20_000, startupTimeoutMs: 30_000 });
const database = await initDb({ kind: "postgres", url: command.databaseUrl });

// Open every connection before "ready", so the calls of both replicas race from the first moment.
await database.prisma.chat.findUniqueOrThrow({ where: { id: command.chatId }, select: { id: true } });
await pubsub();
await withAdvisoryLock(`replica-warmup:${process.pid}`, async () => {});
print({ type: "ready", pid: process.pid });

const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => {
  lines.on("line", (line) => {
    if (line.trim() === "go") resolve();
  });
});
lines.close();

await Promise.all(
  Array.from({ length: command.count }, async () => {
    try {
      const result = await runChatTool({
        chatId: command.chatId,
        actor: command.actor,
        tool: "create_workspace",
        input: { template_id: command.templateId },
      });
      print({ type: "result", result });
    } catch (error) {
      print({ type: "error", message: (error as Error).stack ?? String(error) });
    }
  }),
);
print({ type: "done" });

await closeLockPool();
await closePubSub();
await closeDb();
process.exit(0);
