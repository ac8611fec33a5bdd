import { z } from "zod";

export const logLevelSchema = z.enum(["trace", "debug", "info", "warn", "error"]);

/** One build log line as the API and the event streams carry it. */
export const buildLogSchema = z.object({
  id: z.number(),
  createdAt: z.string(),
  level: logLevelSchema,
  stage: z.string(),
  output: z.string(),
});
export type BuildLog = z.infer<typeof buildLogSchema>;

/** One startup-script log line. */
export const agentLogSchema = z.object({
  id: z.number(),
  createdAt: z.string(),
  level: logLevelSchema,
  scriptId: z.string().nullable(),
  output: z.string(),
});
export type AgentLog = z.infer<typeof agentLogSchema>;

export const logsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  follow: z.enum(["0", "1", "true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(10_000),
});

export const isFollow = (follow: string | undefined) => follow === "1" || follow === "true";
