import type { AppShareLevel } from "@/lib/templates/schemas";

const ORDER: readonly AppShareLevel[] = ["owner", "authenticated", "public"];

/** An app's `share`, narrowed to the template's `max_app_share` (as Coder's template-level maximum). */
export function narrowShare(share: AppShareLevel, max: AppShareLevel): AppShareLevel {
  return ORDER.indexOf(share) <= ORDER.indexOf(max) ? share : max;
}

/**
 * Whether a visitor may open an app shared at `share`: the owner always; any signed-in user when
 * `authenticated`; anyone when `public`. Ports without an app are the owner's only (share "owner").
 */
export function mayOpenApp({ share, ownerId, visitorId }: { share: AppShareLevel; ownerId: string; visitorId: string | null }): boolean {
  if (visitorId === ownerId) return true;
  if (share === "public") return true;
  return share === "authenticated" && visitorId !== null;
}
