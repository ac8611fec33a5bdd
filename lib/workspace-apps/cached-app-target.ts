import "server-only";
import { followedCache } from "@/lib/pubsub/followed-cache";
import { perPubSub } from "@/lib/pubsub/per-pubsub";
import { accessTags } from "@/lib/pubsub/publish-access-change";
import type { AppHostTarget } from "./app-host";
import { resolveAppTarget, type ResolvedApp } from "./resolve-app-target";

/** How long a replica trusts an app host's lookup without hearing of a change (see followedCache). */
export const APP_TARGET_CACHE_MS = 10_000;

const processCache = perPubSub("app-targets", (bus) => followedCache<ResolvedApp>({ bus, ttlMs: APP_TARGET_CACHE_MS, max: 10_000 }));

/**
 * resolveAppTarget kept per app host, so that an app's every request does not cost three
 * queries. Dropped on every replica when the agent's address or connection changes, the
 * workspace gets a build (a new agent, a new template version's share) or is deleted, or the
 * owner's account changes (publishAccessChange). An unknown host is looked up each time.
 */
export function cachedAppTarget({ host, target, now }: { host: string; target: AppHostTarget; now: Date }): Promise<ResolvedApp | null> {
  return processCache().get({
    key: host,
    now: now.getTime(),
    load: async () => {
      const app = await resolveAppTarget(target);
      return app && { value: app, tags: [accessTags.agent(app.agentId), accessTags.workspace(app.workspaceId), accessTags.user(app.ownerId)] };
    },
  });
}
