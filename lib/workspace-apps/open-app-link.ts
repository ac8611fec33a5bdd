import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { config } from "@/lib/config";
import { notFound } from "@/lib/errors";
import { mintAppToken } from "./app-auth-token";
import { parseAppHost } from "./app-host";
import { mayOpenApp } from "./app-share";
import { resolveAppTarget } from "./resolve-app-target";

/**
 * Where a signed-in user goes to open an app: the app origin's hand-over path with a fresh
 * single-use token. `port` is the port part of the Kiln origin the user came in on (the app
 * hosts share it). Not allowed or no such app → not found.
 */
export async function openAppLink({ actor, host, next, port, now }: { actor: Actor; host: string; next: string; port: string; now: Date }): Promise<string> {
  const target = parseAppHost(host, config().appHostname);
  const app = target ? await resolveAppTarget(target) : null;
  if (!app || !actor.credentialId || !mayOpenApp({ share: app.share, ownerId: app.ownerId, visitorId: actor.id })) throw notFound("App");
  const token = await mintAppToken({ userId: actor.id, credentialId: actor.credentialId, host, now });
  const scheme = config().secureCookies ? "https" : "http";
  const url = new URL(`${scheme}://${host}${port ? `:${port}` : ""}/.kiln/auth`);
  url.searchParams.set("token", token);
  url.searchParams.set("next", safeNextPath(next));
  return url.toString();
}
