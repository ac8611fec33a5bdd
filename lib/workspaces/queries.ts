import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { z } from "zod";
import { canceledBuildSchema, workspaceBuildSchema, workspaceSchema, type WorkspaceTransition } from "./schemas";

export const workspaceKeys = {
  all: ["workspaces"] as const,
  list: () => [...workspaceKeys.all, "list"] as const,
  detail: (workspaceId: string) => [...workspaceKeys.all, "detail", workspaceId] as const,
};

export const workspaces = () =>
  queryOptions({ queryKey: workspaceKeys.list(), queryFn: () => apiFetch("/workspaces", z.array(workspaceSchema)), refetchInterval: 10_000 });

export const workspaceById = (workspaceId: string) =>
  queryOptions({
    queryKey: workspaceKeys.detail(workspaceId),
    queryFn: () => apiFetch(`/workspaces/${workspaceId}`, workspaceSchema),
  });

export const createWorkspaceBuild = (queryClient: QueryClient, workspaceId: string) => ({
  mutationFn: (transition: WorkspaceTransition) =>
    apiFetch(`/workspaces/${workspaceId}/builds`, workspaceBuildSchema, { body: { transition } }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
});

export const cancelBuild = (queryClient: QueryClient) => ({
  mutationFn: (buildId: string) => apiFetch(`/workspacebuilds/${buildId}/cancel`, canceledBuildSchema, { method: "POST" }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
});
