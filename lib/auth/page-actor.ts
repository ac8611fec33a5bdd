import "server-only";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { hasUsers } from "@/lib/auth/has-users";
import { isAdmin, SESSION_COOKIE, type Actor } from "./actor";
import { resolveActor } from "./resolve-actor";

/** The signed-in user of a page request, or null. */
export async function pageActor(): Promise<Actor | null> {
  const secret = (await cookies()).get(SESSION_COOKIE)?.value;
  return secret ? resolveActor({ secret }) : null;
}

/** For signed-in pages: sends a new site to setup and a visitor to the login page. */
export async function requirePageActor(): Promise<Actor> {
  const actor = await pageActor();
  if (actor) return actor;
  redirect((await hasUsers()) ? "/login" : "/setup");
}

/**
 * For admin pages: a non-admin gets the nearest forbidden.tsx with HTTP 403. It must run before
 * anything streams (no Suspense or loading.tsx above it), or the status would already be 200.
 */
export async function requirePageAdmin(): Promise<Actor> {
  const actor = await requirePageActor();
  if (!isAdmin(actor)) forbidden();
  return actor;
}
