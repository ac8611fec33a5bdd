import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/lib/api/client";

const portsSchema = z.object({ ports: z.array(z.object({ port: z.number(), network: z.enum(["tcp", "tcp6"]), host: z.string() })) });

/** The ports listening inside an agent's workspace (refreshed: dev servers come and go). */
export const agentPorts = (agentId: string) =>
  queryOptions({
    queryKey: ["workspaceagents", agentId, "ports"] as const,
    queryFn: async () => (await apiFetch(`/workspaceagents/${agentId}/ports`, portsSchema)).ports,
    refetchInterval: 5000,
  });
