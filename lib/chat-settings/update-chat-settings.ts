import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { fieldChanges } from "@/lib/audit/field-changes";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getChatSettings } from "./get-chat-settings";
import { CHAT_WORKSPACE_TTL_KEY } from "./read-chat-workspace-ttl";
import { WORKSPACES_PER_USER_KEY } from "./read-workspace-quota";
import type { ChatSettings, UpdateChatSettingsInput } from "./schemas";

/** An admin sets how long chat workspaces live (0 = template default) and the per-user quota (0 = unlimited). */
export async function updateChatSettings({
  input,
  actor,
  requestIp,
}: {
  input: UpdateChatSettingsInput;
  actor: Actor;
  requestIp?: string | null;
}): Promise<ChatSettings> {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can change chat settings.");
  const before = await getChatSettings();
  const after: ChatSettings = { workspaceTtlMs: input.workspaceTtlMs, workspacesPerUser: input.workspacesPerUser ?? before.workspacesPerUser };
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    // Stored as plain JSON numbers, the shapes the readers parse.
    for (const [key, value] of [
      [CHAT_WORKSPACE_TTL_KEY, after.workspaceTtlMs],
      [WORKSPACES_PER_USER_KEY, after.workspacesPerUser],
    ] as const) {
      await tx.siteSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
    }
    const diff = fieldChanges(before, after);
    if (Object.keys(diff).length > 0) {
      await recordAudit({ tx, actor, action: "chat_settings.update", target: { type: "site_settings", id: "chat" }, diff, ip: requestIp });
    }
  });
  return after;
}
