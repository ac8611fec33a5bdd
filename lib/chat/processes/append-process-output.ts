import "server-only";
import { db } from "@/lib/db/client";
import { storableText } from "@/lib/db/storable-text";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import type { AgentRef } from "@/lib/workspace-agents/authenticate-agent";
import { MAX_REPORTED_PROCESS_LINES, type ProcessReport } from "@/lib/workspace-agents/schemas";
import { underChatLock } from "../messages/under-chat-lock";

/** Output lines kept per process for the chat's event stream (all the agent reports); past it one marker line says so. */
export const MAX_STORED_PROCESS_LINES = MAX_REPORTED_PROCESS_LINES;

export const droppedLinesMarker = (max: number) => `... [output past ${max} lines is not kept here; use process_output for its end] ...`;

/** Publishes after commit: a follower woken by it then finds the rows. A lost one costs latency only. */
async function publishProcessOutput(chatIds: Set<string>): Promise<void> {
  try {
    const bus = await pubsub();
    await Promise.all([...chatIds].map((chatId) => bus.publish(channels.chat(chatId), "process")));
  } catch (error) {
    console.warn(`publish process output: ${(error as Error).message}`);
  }
}

type Transaction = Parameters<Parameters<typeof underChatLock>[1]>[0];

/**
 * One report of a process: lines already taken (a resent report) are skipped by their number,
 * the first `maxLines` are kept, and the end is stored once. The count follows the highest line
 * number reported (the agent stops sending lines past the cap and reports the total with the end).
 * Whether a row was stored.
 */
async function appendReport(tx: Transaction, chatId: string, report: ProcessReport, maxLines: number): Promise<boolean> {
  const process = await tx.chatProcess.findUniqueOrThrow({ where: { id: report.id }, select: { lineCount: true, endedAt: true } });
  if (process.endedAt) return false;
  const fresh = report.lines.slice(Math.max(0, process.lineCount - report.from));
  const kept = fresh.slice(0, Math.max(0, maxLines - process.lineCount)).map(storableText);
  const lineCount = Math.max(process.lineCount, report.from + report.lines.length);
  if (process.lineCount <= maxLines && lineCount > maxLines) kept.push(droppedLinesMarker(maxLines));
  if (kept.length === 0 && !report.done) {
    if (lineCount !== process.lineCount) await tx.chatProcess.update({ where: { id: report.id }, data: { lineCount } });
    return false;
  }
  await tx.chatProcess.update({
    where: { id: report.id },
    data: { lineCount, ...(report.done ? { endedAt: new Date(), exitCode: report.exitCode } : {}) },
  });
  await tx.chatProcessOutput.create({ data: { chatId, processId: report.id, lines: kept, done: report.done } });
  return true;
}

/**
 * Stores what an agent reported of its processes' output (POST /api/v1/agent/process-output),
 * only for processes a chat registered on this very agent; others are ignored (a browser's own
 * commands, or anything a workspace's code makes up). One transaction per chat, under the chat's
 * lock, whatever the number of reports: a chat's rows commit in id order (a stream resuming after
 * a row id misses nothing), and a request costs a bounded number of transactions.
 */
export async function appendProcessOutput({
  agent,
  reports,
  maxLines = MAX_STORED_PROCESS_LINES,
}: {
  agent: Pick<AgentRef, "id">;
  reports: ProcessReport[];
  maxLines?: number;
}): Promise<{ accepted: number }> {
  const prisma = await db();
  const ids = [...new Set(reports.map((report) => report.id))];
  const owned = await prisma.chatProcess.findMany({ where: { id: { in: ids }, agentId: agent.id }, select: { id: true, chatId: true } });
  const chatOf = new Map(owned.map((process) => [process.id, process.chatId]));
  const byChat = new Map<string, ProcessReport[]>();
  for (const report of reports) {
    const chatId = chatOf.get(report.id);
    if (chatId) byChat.set(chatId, [...(byChat.get(chatId) ?? []), report]);
  }
  const touched = new Set<string>();
  for (const [chatId, chatReports] of byChat) {
    const isStored = await underChatLock(chatId, async (tx) => {
      let stored = false;
      for (const report of chatReports) stored = (await appendReport(tx, chatId, report, maxLines)) || stored;
      return stored;
    });
    if (isStored) touched.add(chatId);
  }
  if (touched.size > 0) await publishProcessOutput(touched);
  return { accepted: [...byChat.values()].reduce((sum, list) => sum + list.length, 0) };
}
