import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { loadWorkspaceViews } from "./load-workspace-views";
import { ownedBy } from "./owned-by";

/** One workspace of the actor's (admins: anyone's), with latest build and agents. */
export async function getWorkspace({ workspaceId, actor, now }: { workspaceId: string; actor: Actor; now?: Date }) {
  const [workspace] = await loadWorkspaceViews({ where: { id: workspaceId, ...ownedBy(actor) }, now });
  if (!workspace) throw notFound("workspace");
  return workspace;
}
