import "server-only";
import { hashSecret } from "@/lib/auth/secrets";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** The agent a request acts for, and the workspace whose followers hear about its changes. */
export type AgentRef = {
  id: string;
  name: string;
  /** Null only for an agent whose job has no build, which the provisioner never makes. */
  workspaceId: string | null;
};

/** Prefixes of user secrets (lib/auth: sessions and API tokens), which never open the agent API. */
const USER_SECRET_PREFIXES = ["kiln_s_", "kiln_t_"];

/** Longer than any secret we issue: not worth hashing. */
const MAX_TOKEN_LENGTH = 200;

/**
 * The agent behind an agent token. A user's session or API token is refused with a message that
 * says what is needed, an unknown token with one that says nothing more.
 */
export async function authenticateAgent({ token }: { token: string | null }): Promise<AgentRef> {
  if (!token || USER_SECRET_PREFIXES.some((prefix) => token.startsWith(prefix))) {
    throw new AppError("unauthorized", "agent token required");
  }
  if (token.length > MAX_TOKEN_LENGTH) throw new AppError("unauthorized", "invalid agent token");
  const prisma = await db();
  const tokenHash = hashSecret(token);
  // One statement (the ORM would make one query per relation level): every agent request pays for it.
  const [agent] = await prisma.$queryRaw<AgentRef[]>`
    SELECT a.id::text AS id, a.name, b."workspaceId"::text AS "workspaceId"
      FROM workspace_agents a
      JOIN workspace_resources r ON r.id = a."resourceId"
      LEFT JOIN workspace_builds b ON b."jobId" = r."jobId"
     WHERE a."tokenHash" = ${tokenHash}`;
  if (!agent) {
    // A user secret without the usual prefix still gets the helpful answer.
    const isUserSecret = (await prisma.apiKey.count({ where: { secretHash: tokenHash } })) > 0;
    throw new AppError("unauthorized", isUserSecret ? "agent token required" : "invalid agent token");
  }
  return agent;
}
