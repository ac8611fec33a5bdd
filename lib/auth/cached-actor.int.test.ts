import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresPubSub } from "@/lib/pubsub/postgres-pubsub";
import { pubsub } from "@/lib/pubsub/pubsub";
import type { PubSub } from "@/lib/pubsub/types";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { testDbKind, useTestDatabase } from "@/lib/testing/test-database";
import { updateUser } from "@/lib/users/update-user";
import { connectAgent } from "@/lib/workspace-agents/connect-agent";
import { createOwnedAgentFinder } from "@/lib/workspace-agents/find-owned-agent";
import { seedAgent } from "@/lib/workspace-agents/testing/seed-agent";
import { createActorResolver } from "./cached-actor";
import { createApiToken } from "./create-api-token";
import { createSession } from "./create-session";
import { deleteSession } from "./delete-session";
import { revokeApiToken } from "./revoke-api-token";

// The access caches of another replica: on PostgreSQL a second process's own LISTEN connection
// (changes are published by this "replica" through the process's pubsub); on PGlite, where one
// process owns the database, the process's own pubsub. Changes go through the real operations.

const getDb = useTestDatabase();

let replicaBus: PubSub;
let ownBus: PostgresPubSub | null = null;
let resolver: ReturnType<typeof createActorResolver>;

beforeAll(async () => {
  const { target } = getDb();
  ownBus = target.kind === "postgres" ? new PostgresPubSub({ url: target.url, applicationName: "kiln-replica-b" }) : null;
  replicaBus = ownBus ?? (await pubsub());
  resolver = createActorResolver({ bus: Promise.resolve(replicaBus) });
  // Nothing is kept until the resolver's subscription is live: its LISTEN went on the listening
  // connection behind this first round trip's statement, and the connection answers in order, so the
  // second round trip comes back after it; one macrotask later the cache has marked itself live
  // (with the in-memory bus of PGlite, the macrotask alone would do). Not a pause that a loaded
  // machine can outlast.
  await replicaBus.health();
  await replicaBus.health();
  await new Promise((resolve) => setImmediate(resolve));
});

afterAll(async () => {
  resolver.close();
  await ownBus?.close();
});

/**
 * A change is seen on the next request on one process. On another replica it is seen once that
 * replica's listening connection has read the notification: PostgreSQL signals each listening
 * backend at commit, and each sends it on its own schedule — milliseconds, but not a fixed number of
 * event-loop turns on a loaded machine. So the other replica is asked again until it refuses, within
 * a bound far below the cache's lifetime (10 s): a refusal there can only come from the notification.
 */
async function refusedAtOnce(check: () => Promise<unknown>): Promise<void> {
  if (testDbKind === "pglite") {
    expect(await check()).toBeNull();
    return;
  }
  await expect.poll(check, { timeout: 2_000, interval: 5 }).toBeNull();
}

describe("cached actors and agents on another replica", () => {
  it("keeps a session's user, and refuses it at once after sign-out", async () => {
    const { actor } = await seedUserWithTemplate({ spec: { name: "sign-out" } });
    const { secret } = await createSession({ userId: actor.id });
    const now = new Date();
    expect((await resolver({ secret, now }))?.id).toBe(actor.id);
    // Kept: a change nobody published is not seen (the name is not an access decision).
    await getDb().prisma.user.update({ where: { id: actor.id }, data: { name: "Renamed quietly" } });
    expect((await resolver({ secret, now }))?.name).toBe(actor.name);

    await deleteSession({ secret });
    await refusedAtOnce(() => resolver({ secret, now }));
  });

  it("refuses a suspended user's token and a revoked token at once", async () => {
    const { actor: admin } = await seedUserWithTemplate({ spec: { name: "admin" }, role: "admin" });
    const { actor } = await seedUserWithTemplate({ spec: { name: "suspended" } });
    const [{ token: kept }, { token: revoked, id: revokedId }] = await Promise.all([
      createApiToken({ actor, name: "kept" }),
      createApiToken({ actor, name: "revoked" }),
    ]);
    const now = new Date();
    expect((await resolver({ secret: kept, now }))?.id).toBe(actor.id);
    expect((await resolver({ secret: revoked, now }))?.id).toBe(actor.id);

    await revokeApiToken({ tokenId: revokedId, actor });
    await refusedAtOnce(() => resolver({ secret: revoked, now }));
    expect((await resolver({ secret: kept, now }))?.id).toBe(actor.id);

    await updateUser({ userId: actor.id, input: { status: "suspended" }, actor: admin });
    await refusedAtOnce(() => resolver({ secret: kept, now }));
  });

  it("refuses a kept credential once the caller's clock passes its expiry", async () => {
    const { actor } = await seedUserWithTemplate({ spec: { name: "expiry" } });
    const { secret, expiresAt } = await createSession({ userId: actor.id });
    const before = new Date(expiresAt.getTime() - 1);
    expect((await resolver({ secret, now: before }))?.id).toBe(actor.id);
    expect(await resolver({ secret, now: expiresAt })).toBeNull();
  });

  it("looks an owner's agent up again at once when it connects elsewhere", async () => {
    const finder = createOwnedAgentFinder({ bus: Promise.resolve(replicaBus) });
    try {
      const seeded = await seedAgent({});
      const { ownerId } = await getDb().prisma.workspace.findUniqueOrThrow({ where: { id: seeded.workspaceId } });
      const owner = { id: ownerId, email: "", username: "", name: "", role: "member" as const };
      const ref = await getDb().prisma.workspaceAgent.findUniqueOrThrow({ where: { id: seeded.agentId } });
      await connectAgent({ agent: { id: ref.id, workspaceId: seeded.workspaceId, name: ref.name } as never, address: "127.0.0.1:40001" });
      expect((await finder({ agentId: seeded.agentId, actor: owner, now: new Date() })).address).toBe("127.0.0.1:40001");
      await connectAgent({ agent: { id: ref.id, workspaceId: seeded.workspaceId, name: ref.name } as never, address: "127.0.0.1:40002" });
      const address = async () => {
        const found = await finder({ agentId: seeded.agentId, actor: owner, now: new Date() });
        return found.address === "127.0.0.1:40002" ? null : found.address;
      };
      await refusedAtOnce(address);
      // Another user never gets it, kept or not.
      const { actor: other } = await seedUserWithTemplate({ spec: { name: "other" } });
      await expect(finder({ agentId: seeded.agentId, actor: other, now: new Date() })).rejects.toMatchObject({ status: 404 });
    } finally {
      finder.close();
    }
  });
});
