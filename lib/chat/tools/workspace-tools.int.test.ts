import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as runTool } from "@/app/api/v1/chats/[chatId]/tools/[tool]/route";
import { createSession } from "@/lib/auth/create-session";
import { db } from "@/lib/db/client";
import { runChatTool } from "@/lib/chat/tools/run-chat-tool";
import { DEFAULT_EXECUTE_TIMEOUT_MS } from "@/lib/chat/tools/schemas";
import { setToolConfig } from "@/lib/chat/tools/tool-config";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import type { ProcessOutputEvent } from "@/lib/chat/events/schemas";
import { callRoute } from "@/lib/testing/call-route";
import { GET as events } from "@/app/api/v1/chats/[chatId]/events/route";
import { chatEventStreamOpener } from "@/lib/testing/open-chat-event-stream";
import type { ReceivedEvent } from "@/lib/testing/read-sse";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { useEngine } from "@/lib/testing/use-engine";
import { stopAgentProcess } from "@/lib/workspace-agents/agent-process";

const openChatEventStream = chatEventStreamOpener(events);

// docs/chat-tools.md, "Tools that work inside the workspace", through POST /api/v1/chats/:id/tools/:tool
// on the real engine: sandboxed workspaces of the quick template, their real agents, the database.

const getDb = useTestDatabase();
useEngine(getDb, { prefix: "kiln-ws-tools-" });

beforeAll(() => {
  setToolConfig({ buildTimeoutMs: 60_000, agentConnectTimeoutMs: 20_000, startupTimeoutMs: 30_000 });
});


/** A user (member unless said) with the quick template, a session, and chats calling tools over the API. */
async function userWithQuick(role: "member" | "admin" = "member") {
  const spec = (await listExampleTemplates()).find((t) => t.spec.name === "quick")!.spec;
  const seeded = await seedUserWithTemplate({ spec, role });
  const { secret: session } = await createSession({ userId: seeded.actor.id });
  const newChat = async () => {
    const chat = await getDb().prisma.chat.create({ data: { ownerId: seeded.actor.id, organizationId: seeded.organizationId } });
    /** A tool call over the API: `{status, output, isError}`; `toolCallId` as a client's retry would send it. */
    const call = async (tool: string, input: unknown = {}, toolCallId?: string) => {
      const response = await callRoute(runTool, { session, params: { chatId: chat.id, tool }, body: { input, ...(toolCallId ? { toolCallId } : {}) } });
      return { status: response.status, output: response.body?.output, isError: response.body?.isError as boolean, body: response.body };
    };
    const createWorkspace = async () => {
      const created = await runChatTool({ chatId: chat.id, actor: seeded.actor, tool: "create_workspace", input: { template_id: seeded.templateId } });
      expect(created.output).toMatchObject({ created: true });
      return created.output as { workspace_name: string };
    };
    return { chatId: chat.id, call, createWorkspace, session };
  };
  return { ...seeded, session, newChat };
}

type Chat = Awaited<ReturnType<Awaited<ReturnType<typeof userWithQuick>>["newChat"]>>;

const chatAgent = async (chatId: string) => {
  const chat = await getDb().prisma.chat.findUniqueOrThrow({ where: { id: chatId } });
  return getDb().prisma.workspaceAgent.findUniqueOrThrow({ where: { id: chat.agentId! } });
};

describe("the common errors, in their order", () => {
  it("no workspace, then stopped, then agent not connected (status: X)", async () => {
    const user = await userWithQuick();
    const chat = await user.newChat();
    const tools: [string, unknown][] = [
      ["execute", { command: "true" }],
      ["process_output", { process_id: "p-x" }],
      ["process_list", {}],
      ["process_signal", { process_id: "p-x", signal: "kill" }],
      ["read_file", { path: "a" }],
      ["write_file", { path: "a", content: "" }],
      ["edit_files", { files: [{ path: "a", edits: [{ old_text: "a", new_text: "b" }] }] }],
    ];
    for (const [tool, input] of tools) {
      expect(await chat.call(tool, input), tool).toMatchObject({ status: 200, isError: true, output: "chat has no workspace; use create_workspace first" });
    }

    await chat.createWorkspace();
    const agent = await chatAgent(chat.chatId);
    // Agent not connected: its process ends and it is marked gone.
    await stopAgentProcess({ agentId: agent.id, graceMs: 2000 });
    await getDb().prisma.workspaceAgent.update({ where: { id: agent.id }, data: { disconnectedAt: new Date() } });
    for (const [tool, input] of tools) {
      expect(await chat.call(tool, input), tool).toMatchObject({ isError: true, output: "workspace agent is not connected (status: disconnected)" });
    }
    // Stopped comes before the agent check.
    expect((await runChatTool({ chatId: chat.chatId, actor: user.actor, tool: "stop_workspace", input: {} })).output).toMatchObject({ stopped: true });
    for (const [tool, input] of tools) {
      expect(await chat.call(tool, input), tool).toMatchObject({ isError: true, output: "workspace is stopped; use start_workspace to start it" });
    }
  });
});

describe("execute", () => {
  let user: Awaited<ReturnType<typeof userWithQuick>>;
  let chat: Chat;
  beforeAll(async () => {
    user = await userWithQuick();
    chat = await user.newChat();
    await chat.createWorkspace();
    // A build and an agent start: on a loaded machine more than the default hook timeout.
  }, 120_000);

  it("exit code, success, output and wall_duration_ms; workdir", async () => {
    const ok = await chat.call("execute", { command: "echo hello; echo oops >&2" });
    expect(ok).toMatchObject({ status: 200, isError: false });
    expect(ok.output).toEqual({ success: true, output: "hello\noops\n", exit_code: 0, wall_duration_ms: expect.any(Number) });
    const failed = await chat.call("execute", { command: "echo bad; exit 3" });
    expect(failed.output).toEqual({ success: false, output: "bad\n", exit_code: 3, wall_duration_ms: expect.any(Number) });
    await chat.call("execute", { command: "mkdir -p sub && echo inside > sub/f.txt" });
    expect((await chat.call("execute", { command: "cat f.txt", workdir: "sub" })).output).toMatchObject({ success: true, output: "inside\n" });
    expect(await chat.call("execute", { command: "true", workdir: "nowhere" })).toMatchObject({ isError: true, output: expect.stringMatching(/^the folder .*\/nowhere does not exist$/) });
  });

  it("output holding NUL (find -print0, a binary file) is answered and kept in the transcript, NUL as U+FFFD", async () => {
    const result = await chat.call("execute", { command: "printf 'a\\0b\\n'" });
    expect(result).toMatchObject({ status: 200, isError: false, output: { success: true, exit_code: 0 } });
    const [stored] = await (await db()).chatMessage.findMany({ where: { chatId: chat.chatId }, orderBy: { version: "desc" }, take: 1 });
    expect(JSON.stringify(stored!.parts)).toContain("a\uFFFDb");
  });

  it("output is capped (first and last 16 KiB) with truncated: true", async () => {
    const result = await chat.call("execute", { command: "seq 1 20000" });
    const output = result.output as { output: string; truncated: boolean; success: boolean };
    expect(output).toMatchObject({ success: true, exit_code: 0, truncated: true });
    expect(output.output.startsWith("1\n2\n3\n")).toBe(true);
    expect(output.output.endsWith("19999\n20000\n")).toBe(true);
    expect(output.output).toMatch(/\.\.\. \[\d+ lines \(\d+ bytes\) omitted\] \.\.\./);
    expect(Buffer.byteLength(output.output)).toBeLessThan(33 * 1024);
  });

  it("a command still running after timeout_ms answers background_process_id and the note; process_output reads it on", async () => {
    const started = Date.now();
    // The command waits for a file the test makes: still running at timeout_ms, however slowly a loaded machine runs it.
    const result = await chat.call("execute", { command: "echo start; while [ ! -e gate-timeout ]; do sleep 0.02; done; echo end", timeout_ms: 200 });
    // Answered by its timeout_ms, not the default wait.
    expect(Date.now() - started).toBeLessThan(DEFAULT_EXECUTE_TIMEOUT_MS / 2);
    expect(result.output).toEqual({ success: true, background_process_id: expect.stringMatching(/^p-[A-Za-z0-9_-]{22}$/), note: "still running; use process_output" });
    const id = (result.output as { background_process_id: string }).background_process_id;
    await chat.call("execute", { command: "touch gate-timeout" });
    const waited = await chat.call("process_output", { process_id: id, wait: 10_000 });
    expect(waited.output).toEqual({ process_id: id, status: "exited", exit_code: 0, output: "start\nend\n" });
  });

  it("a trailing lone & runs in the background (&& does not)", async () => {
    const started = Date.now();
    const result = await chat.call("execute", { command: "sleep 2; echo late &" });
    // In the foreground it would answer after 2 s with its exit code; in the background, at once
    // (the bound only has to stay under the 10 s default wait, which would also say "still running").
    expect(Date.now() - started).toBeLessThan(DEFAULT_EXECUTE_TIMEOUT_MS / 2);
    expect(result.output).toMatchObject({ success: true, background_process_id: expect.any(String), note: "still running; use process_output" });
    const chained = await chat.call("execute", { command: "true && echo chained" });
    expect(chained.output).toMatchObject({ success: true, output: "chained\n", exit_code: 0 });
    const explicit = await chat.call("execute", { command: "sleep 2", background: true });
    expect(explicit.output).toMatchObject({ background_process_id: expect.any(String) });
  });

  it("timeout_ms is at most 1 hour; an empty command is refused", async () => {
    expect(await chat.call("execute", { command: "true", timeout_ms: 3_600_001 })).toMatchObject({ isError: true, output: expect.stringMatching(/^invalid input: timeout_ms: /) });
    expect(await chat.call("execute", { command: "" })).toMatchObject({ isError: true, output: "invalid input: command: command is required" });
    // A NUL byte or a lone surrogate is refused by the API's body screening itself.
    expect((await chat.call("execute", { command: "echo \0" })).status).toBe(400);
    expect((await chat.call("write_file", { path: "x", content: "\uD800" })).status).toBe(400);
  });

  it("a retried call with the same tool call id runs the command once and answers the same", async () => {
    const toolCallId = `call_${randomUUID().replaceAll("-", "")}`;
    const command = "echo once >> retried.txt; wc -l < retried.txt";
    const first = await chat.call("execute", { command }, toolCallId);
    const second = await chat.call("execute", { command }, toolCallId);
    expect(first.output).toMatchObject({ success: true, output: "1\n" });
    expect(second.output).toEqual(first.output);
    expect((await chat.call("read_file", { path: "retried.txt" })).output).toMatchObject({ content: "once\n", total_lines: 1 });
  });
});

describe("processes belong to the chat that started them", () => {
  it("process_list shows only this chat's (newest first, at most 10); process_output and process_signal on another chat's id → not found", async () => {
    const user = await userWithQuick();
    const chat = await user.newChat();
    await chat.createWorkspace();
    // A second chat of the same user on the same workspace.
    const other = await user.newChat();
    const bound = await getDb().prisma.chat.findUniqueOrThrow({ where: { id: chat.chatId } });
    await getDb().prisma.chat.update({ where: { id: other.chatId }, data: { workspaceId: bound.workspaceId, buildId: bound.buildId, agentId: bound.agentId } });

    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      ids.push(((await chat.call("execute", { command: `echo ${i}`, background: true })).output as { background_process_id: string }).background_process_id);
    }
    const long = ((await chat.call("execute", { command: "sleep 30", background: true })).output as { background_process_id: string }).background_process_id;
    const theirs = ((await other.call("execute", { command: "sleep 30", background: true })).output as { background_process_id: string }).background_process_id;

    const listed = (await chat.call("process_list")).output as { processes: { process_id: string; command: string; status: string }[] };
    expect(listed.processes).toHaveLength(10);
    expect(listed.processes[0]).toEqual({ process_id: long, command: "sleep 30", status: "running", started_at: expect.any(String) });
    expect(listed.processes.slice(1).map((p) => p.process_id)).toEqual(ids.slice(-9).reverse());
    expect(listed.processes.map((p) => p.process_id)).not.toContain(theirs);
    expect(((await other.call("process_list")).output as { processes: { process_id: string }[] }).processes.map((p) => p.process_id)).toEqual([theirs]);

    for (const [tool, input] of [
      ["process_output", { process_id: theirs, wait: false }],
      ["process_signal", { process_id: theirs, signal: "kill" }],
      ["process_output", { process_id: "p-unknown", wait: false }],
    ] as const) {
      expect(await chat.call(tool, input), tool).toMatchObject({ isError: true, output: `process ${input.process_id} not found` });
    }

    const signalled = await chat.call("process_signal", { process_id: long, signal: "terminate" });
    expect(signalled.output).toEqual({ process_id: long, signal: "terminate", delivered: true });
    const ended = await chat.call("process_output", { process_id: long, wait: 5000 });
    expect(ended.output).toMatchObject({ process_id: long, status: "exited", exit_code: null });
    expect((await chat.call("process_signal", { process_id: long, signal: "kill" })).output).toEqual({ process_id: long, signal: "kill", delivered: false });
    // The other chat's process was not touched.
    expect((await other.call("process_output", { process_id: theirs, wait: false })).output).toMatchObject({ status: "running" });
    await other.call("process_signal", { process_id: theirs, signal: "kill" });
  });
});

describe("files", () => {
  let chat: Chat;
  beforeAll(async () => {
    chat = await (await userWithQuick()).newChat();
    await chat.createWorkspace();
    // A build and an agent start: on a loaded machine more than the default hook timeout.
  }, 120_000);

  it("write_file then read_file with offset, limit and total_lines; a folder answers with its listing", async () => {
    const content = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const written = await chat.call("write_file", { path: "docs/notes.txt", content });
    expect(written.output).toEqual({ path: expect.stringMatching(/\/docs\/notes\.txt$/), bytes: Buffer.byteLength(content) });
    const all = await chat.call("read_file", { path: "docs/notes.txt" });
    expect(all.output).toEqual({ path: written.output.path, content, total_lines: 30, truncated: false });
    const part = await chat.call("read_file", { path: "docs/notes.txt", offset: 10, limit: 3 });
    expect(part.output).toEqual({ path: written.output.path, content: "line 10\nline 11\nline 12\n", total_lines: 30, truncated: true });
    const folder = await chat.call("read_file", { path: "docs" });
    expect(folder.output).toEqual({ path: expect.stringMatching(/\/docs$/), entries: [{ name: "notes.txt", type: "file", size: Buffer.byteLength(content) }] });
    expect(await chat.call("read_file", { path: "missing.txt" })).toMatchObject({ isError: true, output: expect.stringMatching(/missing\.txt not found$/) });
    expect(await chat.call("read_file", { path: "docs/notes.txt", offset: 0 })).toMatchObject({ isError: true, output: "invalid input: offset: offset starts at 1" });
  });

  it("edit_files applies all files and edits or none; a failed match names the file and the edit", async () => {
    await chat.call("write_file", { path: "a.txt", content: "alpha\nbeta\n" });
    await chat.call("write_file", { path: "b.txt", content: "gamma\ndelta\n" });
    const failed = await chat.call("edit_files", {
      files: [
        { path: "a.txt", edits: [{ old_text: "alpha", new_text: "ALPHA" }] },
        { path: "b.txt", edits: [{ old_text: "gamma", new_text: "GAMMA" }, { old_text: "nowhere", new_text: "x" }] },
      ],
    });
    expect(failed).toMatchObject({ isError: true, output: expect.stringMatching(/\/b\.txt: edit 2 of 2: oldText not found$/) });
    expect((await chat.call("read_file", { path: "a.txt" })).output).toMatchObject({ content: "alpha\nbeta\n" });
    expect((await chat.call("read_file", { path: "b.txt" })).output).toMatchObject({ content: "gamma\ndelta\n" });

    const edited = await chat.call("edit_files", {
      files: [
        { path: "a.txt", edits: [{ old_text: "alpha", new_text: "ALPHA" }] },
        { path: "b.txt", edits: [{ old_text: "a", new_text: "A", replace_all: true }] },
      ],
    });
    const files = (edited.output as { files: { path: string; diff: string }[] }).files;
    expect(files.map((f) => f.path)).toEqual([expect.stringMatching(/\/a\.txt$/), expect.stringMatching(/\/b\.txt$/)]);
    expect(files[0]!.diff).toContain("-alpha\n+ALPHA");
    expect(files[1]!.diff).toContain("-gamma\n-delta\n+gAmmA\n+deltA");
    expect((await chat.call("read_file", { path: "b.txt" })).output).toMatchObject({ content: "gAmmA\ndeltA\n" });
  });
});

describe("whose workspace", () => {
  it("another user's chat → 404; a member's chat cannot reach an admin's workspace by any input", async () => {
    const admin = await userWithQuick("admin");
    const adminChat = await admin.newChat();
    await adminChat.createWorkspace();
    const secret = `secret-${randomUUID()}`;
    await adminChat.call("write_file", { path: "secret.txt", content: secret });
    const toolCallId = `call_${randomUUID().replaceAll("-", "")}`;
    const adminProcess = ((await adminChat.call("execute", { command: "sleep 30", background: true }, toolCallId)).output as { background_process_id: string })
      .background_process_id;
    const adminAgent = await chatAgent(adminChat.chatId);

    const member = await userWithQuick();
    const memberChat = await member.newChat();
    // The admin's chat, called with the member's session: 404 for every tool.
    for (const tool of ["execute", "read_file", "process_list", "process_output"]) {
      const response = await callRoute(runTool, { session: member.session, params: { chatId: adminChat.chatId, tool }, body: { input: { command: "true", path: "secret.txt", process_id: adminProcess } } });
      expect(response.status, tool).toBe(404);
      expect(response.body).toEqual({ message: "chat not found" });
    }
    await memberChat.createWorkspace();
    // The admin's process id, the admin's tool call id, paths into the admin's home: nothing reaches it.
    expect(await memberChat.call("process_output", { process_id: adminProcess, wait: false })).toMatchObject({ isError: true, output: `process ${adminProcess} not found` });
    expect(await memberChat.call("process_signal", { process_id: adminProcess, signal: "kill" })).toMatchObject({ isError: true, output: `process ${adminProcess} not found` });
    const sameCallId = await memberChat.call("execute", { command: "sleep 30", background: true }, toolCallId);
    expect((sameCallId.output as { background_process_id: string }).background_process_id).not.toBe(adminProcess);
    for (const path of [`${adminAgent.directory}/secret.txt`, `/home/${admin.actor.username}/secret.txt`]) {
      const read = await memberChat.call("read_file", { path });
      expect(read.isError, path).toBe(true);
      expect(JSON.stringify(read.output)).not.toContain(secret);
    }
    const listing = await memberChat.call("execute", { command: `cat ${adminAgent.directory}/secret.txt; ls /home` });
    expect(JSON.stringify(listing.output)).not.toContain(secret);
    // The admin's process runs on, untouched.
    expect((await adminChat.call("process_output", { process_id: adminProcess, wait: false })).output).toMatchObject({ status: "running" });
  });
});

describe("live output: process.output on the chat's event stream", () => {
  it("a command printing 2,000 lines, read with disconnects and Last-Event-ID: every line once, in order, then done once with the exit code", async () => {
    const chat = await (await userWithQuick()).newChat();
    await chat.createWorkspace();
    const toolCallId = `call_${randomUUID().replaceAll("-", "")}`;
    const command = 'i=1; while [ "$i" -le 2000 ]; do echo "line-$i"; [ $((i % 200)) -eq 0 ] && sleep 0.1; i=$((i + 1)); done; exit 7';
    const running = chat.call("execute", { command, timeout_ms: 60_000 }, toolCallId);

    const all: ReceivedEvent[] = [];
    let lastEventId: string | undefined;
    let reconnects = 0;
    const outputs = () => all.filter((e) => e.event === "process.output").map((e) => e.data as ProcessOutputEvent);
    while (!outputs().some((event) => event.done)) {
      const stream = openChatEventStream({ chatId: chat.chatId, session: chat.session, lastEventId });
      // Hang up as soon as some output came (midway), at most 30 times; then read to the end.
      await eventually(async () => stream.received.some((e) => e.event === "process.output" && (reconnects < 30 || (e.data as ProcessOutputEvent).done)), {
        timeoutMs: 30_000,
        intervalMs: 5,
        what: "process output",
      });
      reconnects += 1;
      stream.close();
      await stream.finished;
      all.push(...stream.received);
      lastEventId = stream.received.findLast((e) => e.id)?.id ?? lastEventId;
    }
    expect(reconnects).toBeGreaterThan(2);
    const events = outputs();
    const lines = events.flatMap((event) => event.lines);
    expect(lines).toEqual(Array.from({ length: 2000 }, (_, i) => `line-${i + 1}`));
    expect(events.filter((event) => event.done)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ done: true, exitCode: 7, toolCallId, processId: expect.stringMatching(/^p-/) });
    expect(events.slice(0, -1).every((event) => !event.done && event.exitCode === null && event.toolCallId === toolCallId)).toBe(true);
    expect((await running).output).toMatchObject({ success: false, exit_code: 7 });

    // A cursor of before process output (no `p`) is accepted and replays the lines from the start.
    const { p: _, ...oldCursor } = JSON.parse(Buffer.from(lastEventId!, "base64url").toString("utf8")) as Record<string, unknown>;
    expect(_).toEqual(expect.any(Number));
    const fresh = openChatEventStream({ chatId: chat.chatId, session: chat.session, lastEventId: Buffer.from(JSON.stringify(oldCursor)).toString("base64url") });
    await eventually(async () => fresh.received.some((e) => e.event === "process.output" && (e.data as ProcessOutputEvent).done), { timeoutMs: 10_000, what: "replay" });
    fresh.close();
    await fresh.finished;
    expect(fresh.received.filter((e) => e.event === "process.output").flatMap((e) => (e.data as ProcessOutputEvent).lines)).toEqual(lines);
  });

  it("output of processes no chat registered is not stored; a resent report adds no line twice", async () => {
    const chat = await (await userWithQuick()).newChat();
    await chat.createWorkspace();
    const toolCallId = `call_${randomUUID().replaceAll("-", "")}`;
    await chat.call("execute", { command: "echo one; echo two" }, toolCallId);
    const prisma = getDb().prisma;
    const agent = await chatAgent(chat.chatId);
    const process = await prisma.chatProcess.findFirstOrThrow({ where: { chatId: chat.chatId } });
    await eventually(async () => (await prisma.chatProcess.findUniqueOrThrow({ where: { id: process.id } })).endedAt, { what: "the end report" });
    const { appendProcessOutput } = await import("@/lib/chat/processes/append-process-output");
    // The same lines again (a retry whose answer was lost), and a process no chat started.
    await appendProcessOutput({ agent, reports: [{ id: process.id, from: 0, lines: ["one", "two"], done: true, exitCode: 0 }, { id: "p-stranger", from: 0, lines: ["x"], done: false, exitCode: null }] });
    const rows = await prisma.chatProcessOutput.findMany({ where: { processId: process.id }, orderBy: { id: "asc" } });
    expect(rows.flatMap((row) => row.lines as string[])).toEqual(["one", "two"]);
    expect(rows.filter((row) => row.done)).toHaveLength(1);
    expect(await prisma.chatProcessOutput.count({ where: { processId: "p-stranger" } })).toBe(0);
  });
});
