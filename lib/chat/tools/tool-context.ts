import type { Actor } from "@/lib/auth/actor";

/** What every chat tool runs with: the chat, its owner (the tools act as them), its organisation. */
export type ToolContext = {
  chatId: string;
  actor: Actor;
  organizationId: string;
  /** Aborted when the chat's turn is interrupted. */
  signal?: AbortSignal;
};
