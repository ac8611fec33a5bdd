import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { loadWorkspaceViews } from "./load-workspace-views";

/** The actor's live workspaces, newest first. */
export async function listWorkspaces({ actor, now }: { actor: Actor; now?: Date }) {
  return loadWorkspaceViews({ where: { ownerId: actor.id, deleted: false }, now });
}
