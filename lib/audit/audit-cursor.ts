import { AppError } from "@/lib/errors";

/** A position in the log (newest first): the time and id of the last row of a page. */
export type AuditCursor = { time: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeAuditCursor({ time, id }: AuditCursor): string {
  return Buffer.from(`${time.toISOString()}|${id}`).toString("base64url");
}

/** A cursor a client sends back; anything this code did not make is a 400. */
export function decodeAuditCursor(cursor: string): AuditCursor {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const time = new Date(iso ?? "");
  if (!id || !UUID.test(id) || Number.isNaN(time.getTime())) {
    throw new AppError("bad_request", "Invalid query", { validations: [{ field: "cursor", detail: "not a cursor from this log" }] });
  }
  return { time, id };
}
