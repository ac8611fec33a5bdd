import type { Actor } from "@/lib/auth/actor";

/**
 * The filter that scopes workspace queries to what the actor may see: their own, or all for an
 * admin. Anything outside it answers 404, never 403, so its existence stays private.
 */
export function ownedBy(actor: Actor) {
  return actor.role === "admin" ? {} : { ownerId: actor.id };
}
