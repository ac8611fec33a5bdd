import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import type { Workspace, WorkspaceBuild, WorkspaceTransition } from "./schemas";

export const workspaceKeys = {
  all: ["workspaces"] as const,
  list: () => [...workspaceKeys.all, "list"] as const,
  detail: (workspaceId: string) => [...workspaceKeys.all, "detail", workspaceId] as const,
};

export const workspaces = () =>
  queryOptions({ queryKey: workspaceKeys.list(), queryFn: () => apiFetch<Workspace[]>("/workspaces"), refetchInterval: 10_000 });

export const workspaceById = (workspaceId: string) =>
  queryOptions({
    queryKey: workspaceKeys.detail(workspaceId),
    queryFn: () => apiFetch<Workspace>(`/workspaces/${workspaceId}`),
  });

export const createWorkspaceBuild = (queryClient: QueryClient, workspaceId: string) => ({
  mutationFn: (transition: WorkspaceTransition) =>
    apiFetch<WorkspaceBuild>(`/workspaces/${workspaceId}/builds`, { body: { transition } }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
});

export const cancelBuild = (queryClient: QueryClient) => ({
  mutationFn: (buildId: string) => apiFetch<{ canceled: true }>(`/workspacebuilds/${buildId}/cancel`, { method: "POST" }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
});
