import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Where a chat event stream is, over all of its streams at once: the last message version sent,
 * digests of the last chat and workspace states sent, and the position in the bound build's and
 * agent's logs. Every event's id is the cursor after it, so a reconnect with `Last-Event-ID`
 * resumes with nothing lost and nothing repeated. `p` is the last row of the chat's process output sent. Opaque to clients (base64url JSON).
 */
const cursorSchema = z.object({
  m: z.number().int().min(0),
  c: z.string().max(32),
  w: z.string().max(32),
  b: z.object({ id: z.uuid(), after: z.number().int().min(0), done: z.boolean() }).nullable(),
  a: z.object({ id: z.uuid(), after: z.number().int().min(0) }).nullable(),
  /** The last process-output row sent; absent in cursors of before process output (0: from the start). */
  p: z.number().int().min(0).optional(),
});
export type ChatCursor = z.infer<typeof cursorSchema>;

export const START_CURSOR: ChatCursor = { m: 0, c: "", w: "", b: null, a: null, p: 0 };

export function encodeCursor(cursor: ChatCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/** The cursor a client sent back; anything that is not one of ours is a clear 400. */
export function decodeCursor(text: string): ChatCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
  } catch {
    throw new AppError("bad_request", "Last-Event-ID is not a cursor of this chat's event stream; reconnect without it.");
  }
}
