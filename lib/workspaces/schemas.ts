import { z } from "zod";
import { workspaceAgentSchema } from "@/lib/workspace-agents/schemas";
import { workspaceNameSchema } from "./workspace-name";

export const workspaceTransitionSchema = z.enum(["start", "stop", "delete"]);
export type WorkspaceTransition = z.infer<typeof workspaceTransitionSchema>;

export const jobStatusSchema = z.enum(["pending", "running", "succeeded", "failed", "canceling", "canceled"]);

/** Longest TTL a workspace may have: 30 days. */
export const MAX_TTL_MS = 30 * 24 * 3_600_000;

const parameterValuesSchema = z
  .record(z.string().max(64, "at most 64 characters"), z.string().max(4096, "at most 4096 characters"))
  .refine((values) => Object.keys(values).length <= 100, "at most 100 parameters");

export const createWorkspaceSchema = z.object({
  templateId: z.uuid("must be a template id"),
  name: workspaceNameSchema,
  parameters: parameterValuesSchema.optional(),
  ttlMs: z.number().int().min(60_000, "at least 1 minute").max(MAX_TTL_MS, "at most 30 days").nullable().optional(),
  organizationId: z.uuid().optional(),
});
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceSchema>;

export const createWorkspaceBuildSchema = z.object({
  transition: workspaceTransitionSchema,
  parameters: parameterValuesSchema.optional(),
});
export type CreateWorkspaceBuildInput = z.infer<typeof createWorkspaceBuildSchema>;

export const jobSchema = z.object({
  id: z.uuid(),
  status: jobStatusSchema,
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});

export const buildTimingSchema = z.object({
  stage: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  exitCode: z.number().nullable(),
});

export const workspaceBuildSchema = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  buildNumber: z.number(),
  transition: workspaceTransitionSchema,
  status: jobStatusSchema,
  parameters: z.array(z.object({ name: z.string(), value: z.string() })),
  createdAt: z.string(),
  job: jobSchema,
  /** Build steps this build runs (0 for stop and delete); `timings` has the ones begun. */
  stepCount: z.number(),
  timings: z.array(buildTimingSchema),
});
export type WorkspaceBuild = z.infer<typeof workspaceBuildSchema>;

/** What a workspace is doing, from its latest build. */
export const workspaceStatusSchema = z.enum([
  "pending",
  "starting",
  "running",
  "stopping",
  "stopped",
  "deleting",
  "deleted",
  "failed",
  "canceling",
  "canceled",
]);
export type WorkspaceStatus = z.infer<typeof workspaceStatusSchema>;

export const workspaceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  organizationId: z.uuid(),
  templateId: z.uuid(),
  templateName: z.string(),
  templateDisplayName: z.string(),
  ttlMs: z.number().nullable(),
  deadline: z.string().nullable(),
  deleted: z.boolean(),
  status: workspaceStatusSchema,
  createdAt: z.string(),
  latestBuild: workspaceBuildSchema,
  agents: z.array(workspaceAgentSchema),
});
export type Workspace = z.infer<typeof workspaceSchema>;

/** GET /workspacebuilds/:id/timeline: a build and the agents it made. */
export const buildTimelineDataSchema = z.object({ build: workspaceBuildSchema, agents: z.array(workspaceAgentSchema) });
export type BuildTimelineData = z.infer<typeof buildTimelineDataSchema>;

/** POST /workspacebuilds/:id/cancel. */
export const canceledBuildSchema = z.object({ canceled: z.literal(true) });
