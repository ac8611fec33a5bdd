"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { workspaceSchema } from "./schemas";
import { workspaceKeys } from "./queries";

/** Keeps the workspace query current from its watch stream while the page is open. */
export function useWorkspaceWatch(workspaceId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource(`/api/v1/workspaces/${workspaceId}/watch`);
    source.addEventListener("workspace", (event) => {
      const parsed = workspaceSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) queryClient.setQueryData(workspaceKeys.detail(workspaceId), parsed.data);
    });
    return () => source.close();
  }, [workspaceId, queryClient]);
}
