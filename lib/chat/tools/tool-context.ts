import type { Actor } from "@/lib/auth/actor";

/** What every chat tool runs with: the chat, its owner (the tools act as them), its organisation. */
export type ToolContext = {
  chatId: string;
  actor: Actor;
  organizationId: string;
  /** The address of the request that started the turn or call, for the audit log. */
  requestIp?: string | null;
  /** The id of the call being run (the model's, or the tools API's): `execute` derives its process id from it. */
  toolCallId?: string;
  /** Aborted when the chat's turn is interrupted. */
  signal?: AbortSignal;
};
