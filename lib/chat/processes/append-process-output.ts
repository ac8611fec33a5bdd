import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { storableText } from "@/lib/db/storable-text";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import type { AgentRef } from "@/lib/workspace-agents/authenticate-agent";
import { MAX_REPORTED_PROCESS_LINES, type ProcessReport } from "@/lib/workspace-agents/schemas";

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

/**
 * Stores what an agent reported of its processes' output (POST /api/v1/agent/process-output),
 * only for processes a chat registered on this very agent; others are ignored (a browser's own
 * commands, or anything a workspace's code makes up). Lines already taken (a resent report) are
 * skipped by their number, the first MAX_STORED_PROCESS_LINES are kept, and the end is stored
 * once; the count follows the highest line number reported (past the cap the agent sends only the
 * total, with the end). Each process's rows are written under its chat's lock, so a chat's rows
 * commit in id order and a stream resuming after a row id misses nothing. The whole request is one
 * transaction (at most MAX_PROCESS_REPORTS_PER_REQUEST reports), each report two statements
 * (lock and read; update and insert): a quick command's whole report is one of each.
 */
export async function appendProcessOutput({
  agent,
  reports,
  maxLines = MAX_STORED_PROCESS_LINES,
  now = new Date(),
}: {
  agent: Pick<AgentRef, "id">;
  reports: ProcessReport[];
  maxLines?: number;
  /** When the reports arrived: the end time of the processes they end. */
  now?: Date;
}): Promise<{ accepted: number }> {
  const prisma = await db();
  const outcomes = await prisma.$transaction(async (tx) => {
    const appended: { chatId: string; isStored: boolean }[] = [];
    for (const report of reports) {
      // One statement finds the process among this agent's and locks its chat's row and its own
      // (the chat's first, as a chat's deletion does; both locked, so both are read as they are
      // once the locks are held, not as they were when the statement began waiting).
      const [process] = await tx.$queryRaw<{ chatId: string; lineCount: number; endedAt: Date | null }[]>`
        SELECT c.id::text AS "chatId", p."lineCount", p."endedAt"
          FROM chats c JOIN chat_processes p ON p."chatId" = c.id
         WHERE p.id = ${report.id} AND p."agentId" = ${agent.id}::uuid
           FOR UPDATE`;
      if (!process) continue;
      if (process.endedAt) {
        appended.push({ chatId: process.chatId, isStored: false });
        continue;
      }
      const fresh = report.lines.slice(Math.max(0, process.lineCount - report.from));
      const kept = fresh.slice(0, Math.max(0, maxLines - process.lineCount)).map(storableText);
      const lineCount = Math.max(process.lineCount, report.from + report.lines.length);
      if (process.lineCount <= maxLines && lineCount > maxLines) kept.push(droppedLinesMarker(maxLines));
      if (kept.length === 0 && !report.done) {
        if (lineCount !== process.lineCount) await tx.chatProcess.update({ where: { id: report.id }, data: { lineCount } });
        appended.push({ chatId: process.chatId, isStored: false });
        continue;
      }
      // One statement for both writes (a data-modifying WITH always runs).
      await tx.$executeRaw`
        WITH process AS (
          UPDATE chat_processes SET "lineCount" = ${lineCount}${report.done ? Prisma.sql`, "endedAt" = ${now}, "exitCode" = ${report.exitCode}::int` : Prisma.empty}
           WHERE id = ${report.id}
        )
        INSERT INTO chat_process_output ("chatId", "processId", lines, done, "createdAt")
        VALUES (${process.chatId}::uuid, ${report.id}, ${JSON.stringify(kept)}::jsonb, ${report.done}, ${now})`;
      appended.push({ chatId: process.chatId, isStored: true });
    }
    return appended;
  });
  const touched = new Set(outcomes.flatMap((outcome) => (outcome.isStored ? [outcome.chatId] : [])));
  if (touched.size > 0) await publishProcessOutput(touched);
  return { accepted: outcomes.length };
}
