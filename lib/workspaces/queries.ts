import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { z } from "zod";
import {
  buildTimelineDataSchema,
  canceledBuildSchema,
  workspaceBuildSchema,
  workspaceSchema,
  type CreateWorkspaceInput,
  type WorkspaceTransition,
} from "./schemas";

export const workspaceKeys = {
  all: ["workspaces"] as const,
  list: () => [...workspaceKeys.all, "list"] as const,
  detail: (workspaceId: string) => [...workspaceKeys.all, "detail", workspaceId] as const,
  timeline: (buildId: string) => [...workspaceKeys.all, "timeline", buildId] as const,
};

export const workspaces = () =>
  queryOptions({ queryKey: workspaceKeys.list(), queryFn: () => apiFetch("/workspaces", z.array(workspaceSchema)), refetchInterval: 10_000 });

export const workspaceById = (workspaceId: string) =>
  queryOptions({
    queryKey: workspaceKeys.detail(workspaceId),
    queryFn: () => apiFetch(`/workspaces/${workspaceId}`, workspaceSchema),
  });

/** A build's timeline data, polled until the build and its agents' startup scripts are over. */
export const buildTimelineData = (buildId: string) =>
  queryOptions({
    queryKey: workspaceKeys.timeline(buildId),
    queryFn: () => apiFetch(`/workspacebuilds/${buildId}/timeline`, buildTimelineDataSchema),
    refetchInterval: (query) => {
      const data = query.state.data;
      if (!data) return false;
      const scriptsRunning = data.agents.some((a) => a.scripts.some((s) => s.startedAt !== null && s.endedAt === null));
      return data.build.job.completedAt === null || scriptsRunning ? 2000 : false;
    },
  });

export const createWorkspace = (queryClient: QueryClient) => ({
  mutationFn: (input: CreateWorkspaceInput) => apiFetch("/workspaces", workspaceSchema, { body: input }),
  onSuccess: (workspace: z.infer<typeof workspaceSchema>) => {
    queryClient.setQueryData(workspaceKeys.detail(workspace.id), workspace);
    return queryClient.invalidateQueries({ queryKey: workspaceKeys.list() });
  },
});

export const createWorkspaceBuild = (queryClient: QueryClient, workspaceId: string) => ({
  mutationFn: (transition: WorkspaceTransition | { transition: WorkspaceTransition; parameters: Record<string, string> }) =>
    apiFetch(`/workspaces/${workspaceId}/builds`, workspaceBuildSchema, {
      body: typeof transition === "string" ? { transition } : transition,
    }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
});

export const cancelBuild = (queryClient: QueryClient) => ({
  mutationFn: (buildId: string) => apiFetch(`/workspacebuilds/${buildId}/cancel`, canceledBuildSchema, { method: "POST" }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
});
