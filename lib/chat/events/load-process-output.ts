import "server-only";
import { db } from "@/lib/db/client";
import type { ProcessOutputEvent } from "./schemas";

/**
 * The chat's process output after row `after`, in row order, as `process.output` events (one per
 * stored report). The chat is the caller's own: the stream checked it before it reads this.
 */
export async function loadProcessOutput({ chatId, after, limit }: { chatId: string; after: number; limit: number }): Promise<{ id: number; event: ProcessOutputEvent }[]> {
  const prisma = await db();
  const rows = await prisma.chatProcessOutput.findMany({
    where: { chatId, id: { gt: BigInt(after) } },
    orderBy: { id: "asc" },
    take: limit,
    include: { process: { select: { toolCallId: true, exitCode: true } } },
  });
  return rows.map((row) => ({
    id: Number(row.id),
    event: {
      toolCallId: row.process.toolCallId,
      processId: row.processId,
      lines: row.lines as string[],
      done: row.done,
      exitCode: row.done ? row.process.exitCode : null,
    },
  }));
}
