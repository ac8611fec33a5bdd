// Test child: plays a server that makes one tools API call (create_workspace, whose build never
// runs: no provisioner) and heartbeats it every `heartbeatMs`. Prints
// `{"type":"running","chatId","messageId"}` once the call is recorded, then waits to be killed
// with SIGKILL. Run with `node --conditions=react-server --import tsx`.
// Args: <pglite dir | postgres url> <data dir> <heartbeatMs>.
import { runChatTool } from "@/lib/chat/tools/run-chat-tool";
import { setToolConfig } from "@/lib/chat/tools/tool-config";
import { setConfig } from "@/lib/config";
import { initDb } from "@/lib/db/client";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";

const [target, dataDir, heartbeatMs] = process.argv.slice(2) as [string, string, string];
setConfig({ dataDir, chatHeartbeatMs: Number(heartbeatMs) });
setToolConfig({ buildTimeoutMs: 10 * 60_000 });
const database = await initDb(target.startsWith("postgres") ? { kind: "postgres", url: target } : { kind: "pglite", dataDir: target });
const { actor, templateId, organizationId } = await seedUserWithTemplate({ spec: { name: "never-built", build: [{ name: "Step", run: "true" }] } });
const chat = await database.prisma.chat.create({ data: { ownerId: actor.id, organizationId } });

const call = runChatTool({ chatId: chat.id, actor, tool: "create_workspace", input: { template_id: templateId } });
call.then(
  (result) => console.log(JSON.stringify({ type: "ended", result })),
  (error: unknown) => console.log(JSON.stringify({ type: "error", message: String(error) })),
);
const message = await eventually(() => database.prisma.chatMessage.findFirst({ where: { chatId: chat.id, toolWorkerId: { not: null } } }), {
  what: "the recorded call",
});
console.log(JSON.stringify({ type: "running", chatId: chat.id, messageId: message.id }));
setInterval(() => {}, 1 << 30);
