import "server-only";
import { accessTags } from "@/lib/pubsub/publish-access-change";
import { followedCache, type FollowedCache } from "@/lib/pubsub/followed-cache";
import { perPubSub } from "@/lib/pubsub/per-pubsub";
import type { PubSub } from "@/lib/pubsub/types";
import type { Actor } from "./actor";
import { hashSecret } from "./secrets";
import { LAST_USED_RESOLUTION_MS, resolveCredential, resolveCredentialById, type ResolvedCredential } from "./resolve-actor";

/**
 * How long a replica trusts a credential it looked up without hearing of a change. Below
 * LAST_USED_RESOLUTION_MS, so "last used" stays as fresh as without the cache.
 */
export const ACTOR_CACHE_MS = Math.min(10_000, LAST_USED_RESOLUTION_MS / 2);

export type ActorResolver = (options: { secret: string; now: Date }) => Promise<Actor | null>;

/** A credential's lookups kept per key, dropped on every replica when its user's access changes. */
function cachedLookups({ bus, ttlMs }: { bus: Promise<PubSub>; ttlMs: number }) {
  const cache: FollowedCache<ResolvedCredential> = followedCache({ bus, ttlMs, max: 10_000 });
  const lookup = async ({ key, now, load }: { key: string; now: Date; load: () => Promise<ResolvedCredential | null> }) => {
    const found = await cache.get({
      key,
      now: now.getTime(),
      load: async () => {
        const credential = await load();
        return credential && { value: credential, tags: [accessTags.user(credential.actor.id)] };
      },
      isUsable: (credential) => credential.expiresAt.getTime() > now.getTime(),
    });
    return found?.actor ?? null;
  };
  return Object.assign(lookup, { close: () => cache.close() });
}

/**
 * resolveActor for hot paths (every API request, a terminal's every keystroke, every app
 * request): the answer is kept per secret and dropped on every replica when the user's
 * credentials or status change (publishAccessChange: sign-out, revoked token, suspension, role
 * or password change); expiry is checked against the caller's `now` on every use.
 */
export function createActorResolver({ bus, ttlMs = ACTOR_CACHE_MS }: { bus: Promise<PubSub>; ttlMs?: number }): ActorResolver & { close(): void } {
  const lookups = cachedLookups({ bus, ttlMs });
  const resolve = async ({ secret, now }: { secret: string; now: Date }) => {
    if (!secret || secret.length > 200) return null;
    return lookups({ key: hashSecret(secret), now, load: () => resolveCredential({ secret, now }) });
  };
  return Object.assign(resolve, { close: lookups.close });
}

/** cachedActor for a credential known by its id (an app cookie's session), on the same terms. */
export function createCredentialResolver({ bus, ttlMs = ACTOR_CACHE_MS }: { bus: Promise<PubSub>; ttlMs?: number }) {
  const lookups = cachedLookups({ bus, ttlMs });
  const resolve = ({ credentialId, now }: { credentialId: string; now: Date }) =>
    lookups({ key: credentialId, now, load: () => resolveCredentialById({ credentialId, now }) });
  return Object.assign(resolve, { close: lookups.close });
}

const processResolver = perPubSub("actor-resolver", (bus) => createActorResolver({ bus }));
const processCredentialResolver = perPubSub("credential-resolver", (bus) => createCredentialResolver({ bus }));

/** The process's ActorResolver. */
export function cachedActor(options: { secret: string; now: Date }): Promise<Actor | null> {
  return processResolver()(options);
}

/** The user of the credential `credentialId` (a live session or API token), or null; cached as cachedActor is. */
export function cachedCredentialActor(options: { credentialId: string; now: Date }): Promise<Actor | null> {
  return processCredentialResolver()(options);
}
