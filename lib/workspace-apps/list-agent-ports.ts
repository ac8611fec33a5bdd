import "server-only";
import http from "node:http";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { dialSecretFromTokenHash } from "@/lib/workspace-agents/dial-secret";
import { agentAddressSchema, unixSocketOf } from "@/lib/workspace-agents/schemas";
import { appHostName } from "./app-host";

const agentPortsSchema = z.object({
  ports: z.array(z.object({ port: z.number().int().min(1).max(65535), network: z.enum(["tcp", "tcp6"]) })).max(10_000),
});

export type AgentPort = { port: number; network: "tcp" | "tcp6"; host: string };

const MAX_ANSWER_BYTES = 1024 * 1024;

function askAgent({ address, secret, timeoutMs = 5000 }: { address: string; secret: string; timeoutMs?: number }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socketPath = unixSocketOf(address);
    const url = new URL(`http://${socketPath ? "agent" : address}/ports`);
    const request = http.get(url, { agent: false, timeout: timeoutMs, headers: { authorization: `Bearer ${secret}` }, ...(socketPath ? { socketPath } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) request.destroy(new Error("answer too large"));
        else chunks.push(chunk);
      });
      response.on("end", () => {
        if (response.statusCode !== 200) return reject(new Error(`HTTP ${response.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch {
          reject(new Error("not JSON"));
        }
      });
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
  });
}

/**
 * The TCP ports listening inside an agent's workspace, asked of the agent itself, each with the
 * host that serves it (`<port>--<agent>--<workspace>--<owner>.<KILN_APP_HOSTNAME>`). The owner's
 * only: anyone else gets not found. An agent that is not connected or does not answer: conflict.
 */
export async function listAgentPorts({ agentId, actor }: { agentId: string; actor: Actor }): Promise<AgentPort[]> {
  const prisma = await db();
  const agent = await prisma.workspaceAgent.findFirst({
    where: { id: agentId, resource: { job: { build: { workspace: { ownerId: actor.id, deleted: false } } } } },
    select: { name: true, address: true, tokenHash: true, resource: { select: { job: { select: { build: { select: { workspace: { select: { name: true } } } } } } } } },
  });
  const workspace = agent?.resource.job.build?.workspace;
  if (!agent || !workspace) throw notFound("agent");
  if (!agent.address || !agentAddressSchema.safeParse(agent.address).success) throw new AppError("conflict", "The agent is not connected.");
  let answer: unknown;
  try {
    answer = await askAgent({ address: agent.address, secret: dialSecretFromTokenHash(agent.tokenHash) });
  } catch (error) {
    throw new AppError("conflict", `The agent did not answer: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const parsed = agentPortsSchema.safeParse(answer);
  if (!parsed.success) throw new AppError("conflict", "The agent's answer was not a port list.");
  return parsed.data.ports.map(({ port, network }) => ({
    port,
    network,
    host: appHostName({ target: port, agent: agent.name, workspace: workspace.name, owner: actor.username, appHostname: config().appHostname }),
  }));
}
