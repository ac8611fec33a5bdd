import type { AuditVia } from "./schemas";

/** Where a change was asked for, threaded from the request through the operations to the audit row. */
export type AuditOrigin = {
  /** The client address (lib/api/client-address.ts); absent when unknown. */
  requestIp?: string | null;
  via: AuditVia;
  /** For chat tool calls: the chat and the tool that made the change. */
  chatId?: string;
  tool?: string;
};
