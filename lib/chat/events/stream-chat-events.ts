import "server-only";
import { createHash } from "node:crypto";
import type { Chat as ChatRow } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { coalesce, type InFlightReads } from "@/lib/db/coalesce";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { getAgentLogSource } from "@/lib/logs/get-agent-log-source";
import { getBuildLogSource } from "@/lib/logs/get-build-log-source";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { SubscriptionSlots } from "@/lib/pubsub/subscription-slots";
import { DirtyFlags } from "@/lib/sse/dirty-flags";
import type { SseSink } from "@/lib/sse/sse-response";
import { loadWorkspaceViews } from "@/lib/workspaces/load-workspace-views";
import { nextWorkspaceStatusChange } from "@/lib/workspaces/next-workspace-status-change";
import { ownedBy } from "@/lib/workspaces/owned-by";
import type { ChatMessage } from "../schemas";
import { toChat, toChatMessage } from "../to-chat";
import { followedAgentId } from "./followed-agent";
import { loadChatHead, type ChatHead } from "./load-chat-head";
import { loadProcessOutput } from "./load-process-output";
import { encodeCursor, type ChatCursor } from "./cursor";
import { messageEvent } from "./message-events";
import type { ChatEventData, ChatEventName } from "./schemas";

type Kind = "chat" | "messages" | "build" | "agent" | "workspace" | "process";
const EVERYTHING: Kind[] = ["chat", "messages", "build", "agent", "workspace", "process"];

/** Messages whose last parts a stream keeps, to send their next version as a delta. */
const REMEMBERED_MESSAGES = 8;
/** Most rows one event carries (a 50k-line build arrives in events of this many lines). */
const BATCH = 1000;

// Reads in flight, shared by the streams of this process (see coalesce).
const inFlight: InFlightReads<unknown> = new Map();
const shared = <T,>(key: string, notBefore: number, read: () => Promise<T>) =>
  coalesce(inFlight as InFlightReads<T>, key, notBefore, read);

const digest = (value: unknown) => createHash("sha1").update(JSON.stringify(value)).digest("base64url").slice(0, 16);

type LogSource<T> = { load: (after: number, limit?: number) => Promise<T[]>; isDone: () => Promise<boolean> };

/** A source for the bound build or agent, or null when it is gone (deleted with its workspace). */
async function sourceOrNull<T>(open: () => Promise<T>): Promise<T | null> {
  try {
    return await open();
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}

/**
 * The chat event stream: everything the chat page shows, from `cursor` on. It subscribes before
 * it reads; notifications mark what changed and only that is re-read; it follows the chat's
 * binding to a new build or agent; every event's id is the cursor after it.
 *
 * Opening subscribes and reads the chat's head, which is also the access check: another user's
 * chat (or none) throws not-found before any stream opens. The returned function feeds a sink
 * until the client goes or the chat is deleted, and must be called: it releases the subscription.
 */
export async function openChatEvents({
  chatId,
  actor,
  cursor,
  now = () => new Date(),
}: {
  chatId: string;
  actor: Actor;
  cursor: ChatCursor;
  now?: () => Date;
}): Promise<(sink: SseSink) => Promise<void>> {
  const prisma = await db();
  const bus = await pubsub();
  const state: ChatCursor = structuredClone(cursor);
  const flags = new DirtyFlags<Kind>();
  const slots = new SubscriptionSlots<"chat" | "job" | "agent" | "workspace">(bus);
  const offReconnect = bus.onReconnect(() => flags.mark(...EVERYTHING));
  const release = () => {
    slots.close();
    offReconnect();
  };
  // What this connection sent of each message, so the next version can go as a delta.
  const sentParts = new Map<string, ChatMessage["parts"]>();
  let chat: ChatRow | null = null;
  let build: (LogSource<ChatEventData<"build.log">["lines"][number]> & { jobId: string }) | null = null;
  let agent: LogSource<ChatEventData<"agent.log">["lines"][number]> | null = null;

  /** Follows the logs of another agent (null: none) from its first line. */
  const follow = (agentId: string | null) => {
    if (agentId === (state.a?.id ?? null)) return;
    state.a = agentId ? { id: agentId, after: 0 } : null;
    agent = null;
    flags.add("agent");
  };

  let head: ChatHead | null;
  // When the head read at open was asked for: a change marked later may not show in it.
  let headAskedAt = 0;
  try {
    await slots.point("chat", channels.chat(chatId), (payload) => {
      if (payload === "chat") flags.mark("chat");
      else if (payload.startsWith("message:")) flags.mark("messages");
      else if (payload === "process") flags.mark("process");
    });
    // Everything is read once the chat's subscription is live, never before (subscribe, then read):
    // the head now, the rest on the first pass.
    flags.add(...EVERYTHING);
    headAskedAt = performance.now();
    head = await loadChatHead({ chatId, ownerId: actor.id });
  } catch (error) {
    release();
    throw error;
  }
  if (!head) {
    release();
    throw notFound("chat");
  }

  return async (sink) => {
    const send = <N extends ChatEventName>(event: N, data: ChatEventData<N>) => sink.send({ id: encodeCursor(state), event, data });
    let workspaceLive = 0;
    // When the workspace view changes with time alone (an agent's heartbeat ages): null, never.
    let statusChangesAt: Date | null = null;
    try {
      let isSynced = false;
      while (!sink.signal.aborted) {
        await sink.ready();
        const dirty = flags.take();

        const since = (kind: Kind) => dirty.get(kind)!;

        if (dirty.has("chat")) {
          const workspaceBefore = chat?.workspaceId;
          if (dirty.has("messages") && dirty.has("process")) {
            // Everything is read (the first pass, or after a pubsub reconnect): the chat's head, read
            // with those of every other stream doing the same, tells whether there is history past
            // the cursor at all. The first pass uses the one read at open, unless a notification
            // came after it was asked for (then it may not show that change).
            const isFresh = head && Math.max(since("chat"), since("messages"), since("process")) <= headAskedAt;
            const current = isFresh ? head : await loadChatHead({ chatId, ownerId: actor.id });
            head = null;
            chat = current?.chat ?? null;
            if (current && current.lastMessageVersion <= state.m) dirty.delete("messages");
            if (current && current.lastProcessOutputId <= (state.p ?? 0)) dirty.delete("process");
          } else {
            chat = await shared(`chat:${chatId}:${actor.id}`, since("chat"), () => prisma.chat.findFirst({ where: { id: chatId, ownerId: actor.id } }));
          }
          if (!chat) return; // deleted: the stream ends
          if (chat.workspaceId !== workspaceBefore) flags.add("workspace");
          if (chat.buildId !== (state.b?.id ?? null)) {
            state.b = chat.buildId ? { id: chat.buildId, after: 0, done: false } : null;
            build = null;
            flags.add("build", "workspace");
            if (!chat.agentId) follow(null);
          }
          if (chat.agentId) follow(chat.agentId);
          workspaceLive = await slots.point("workspace", chat.workspaceId && channels.workspace(chat.workspaceId), () => flags.mark("workspace"));
          const view = toChat(chat);
          const seen = digest(view);
          if (seen !== state.c) {
            state.c = seen;
            send("chat", view);
          }
        }

        if (dirty.has("messages")) {
          const after = state.m;
          const messages = await shared(`messages:${chatId}:${after}`, since("messages"), async () =>
            (await prisma.chatMessage.findMany({ where: { chatId, version: { gt: BigInt(after) } }, orderBy: { version: "asc" }, take: BATCH })).map(
              toChatMessage,
            ),
          );
          for (const message of messages) {
            const { event, data } = messageEvent(sentParts.get(message.id), message);
            state.m = message.version;
            // Only recent messages still change: older ones are forgotten (a change goes whole).
            sentParts.delete(message.id);
            sentParts.set(message.id, message.parts);
            if (sentParts.size > REMEMBERED_MESSAGES) sentParts.delete(sentParts.keys().next().value!);
            sink.send({ id: encodeCursor(state), event, data });
          }
          if (messages.length === BATCH) flags.add("messages");
        }

        if (dirty.has("build") && state.b && !state.b.done) {
          const { id: buildId } = state.b;
          build ??= await sourceOrNull(() => getBuildLogSource({ buildId, actor }));
          const jobLive = await slots.point("job", build && channels.job(build.jobId), (payload) => {
            if (payload === "logs") flags.mark("build");
            else flags.mark("build", "workspace");
          });
          if (build) {
            const { after } = state.b;
            const source = build;
            // "Done" is read before the lines: lines stored before the end are then surely loaded.
            const { isDone, lines } = await shared(`build:${source.jobId}:${after}`, Math.max(since("build"), jobLive), async () => ({
              isDone: await source.isDone(),
              lines: await source.load(after, BATCH),
            }));
            const done = isDone && lines.length < BATCH;
            if (lines.length > 0 || done) {
              state.b = { id: buildId, after: lines.at(-1)?.id ?? state.b.after, done };
              send("build.log", { buildId, lines, done });
            }
            if (lines.length === BATCH) flags.add("build");
          }
        }

        if (dirty.has("agent") && state.a) {
          const { id: agentId } = state.a;
          agent ??= await sourceOrNull(() => getAgentLogSource({ agentId, actor }));
          const agentLive = await slots.point("agent", agent && channels.agent(agentId), (payload) => {
            if (payload === "logs") flags.mark("agent");
            else flags.mark("workspace");
          });
          const { after } = state.a;
          const source = agent;
          const lines = source ? await shared(`agent:${agentId}:${after}`, Math.max(since("agent"), agentLive), () => source.load(after, BATCH)) : [];
          if (lines.length > 0) {
            state.a = { id: agentId, after: lines.at(-1)!.id };
            send("agent.log", { agentId, lines });
          }
          if (lines.length === BATCH) flags.add("agent");
        }

        if (dirty.has("process")) {
          const after = state.p ?? 0;
          const rows = await shared(`process:${chatId}:${after}`, since("process"), () => loadProcessOutput({ chatId, after, limit: BATCH }));
          for (const row of rows) {
            state.p = row.id;
            send("process.output", row.event);
          }
          if (rows.length === BATCH) flags.add("process");
        }

        if (dirty.has("workspace")) {
          const workspaceId = chat?.workspaceId;
          const [workspace] = workspaceId
            ? await shared(`workspace:${workspaceId}:${actor.id}`, Math.max(since("workspace"), workspaceLive), () =>
                loadWorkspaceViews({ where: { id: workspaceId, ...ownedBy(actor) }, now: now() }),
              )
            : [];
          // The tool binds the agent once it is ready (docs/chat-tools.md, create_workspace step 14); until then the bound build's
          // chat agent is followed, so its startup scripts show live.
          if (chat && !chat.agentId) follow(followedAgentId(chat, workspace));
          const data = { workspace: workspace ?? null };
          statusChangesAt = nextWorkspaceStatusChange({ workspace, now: now() });
          const seen = digest(data);
          if (seen !== state.w) {
            state.w = seen;
            send("workspace", data);
          }
        }

        if (!flags.isEmpty) continue;
        if (!isSynced) {
          // The replay is over: what follows is live (the page stops treating events as history).
          isSynced = true;
          sink.send({ event: "synced", data: {} });
        }
        // No timer of its own but the deadline of the workspace view: a notification can only be
        // lost with the listener's connection, and its reconnect marks everything (onReconnect).
        await flags.wait(statusChangesAt ? statusChangesAt.getTime() - now().getTime() : Number.POSITIVE_INFINITY, sink.signal);
        if (flags.isEmpty && !sink.signal.aborted) flags.add("workspace");
      }
    } finally {
      release();
    }
  };
}
