import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

/** A process this chat started; any other id (another chat's included) is not found. */
export async function getChatProcess({ chatId, processId }: { chatId: string; processId: string }) {
  const prisma = await db();
  const process = await prisma.chatProcess.findFirst({ where: { id: processId, chatId } });
  if (!process) throw notFound(`process ${processId}`);
  return process;
}
