"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { isJobInProgress } from "@/lib/provisioner/job-status";
import { cancelBuild, createWorkspaceBuild } from "@/lib/workspaces/queries";
import type { Workspace } from "@/lib/workspaces/schemas";

/** Start / stop / delete, and cancel while a build runs. */
export function WorkspaceActions({ workspace }: { workspace: Workspace }) {
  const queryClient = useQueryClient();
  const build = useMutation(createWorkspaceBuild(queryClient, workspace.id));
  const cancel = useMutation(cancelBuild(queryClient));
  if (workspace.deleted) return null;
  const isBuilding = isJobInProgress(workspace.latestBuild.status);
  const isRunning = workspace.status === "running";
  const error = build.error ?? cancel.error;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {isBuilding ? (
          // A build being canceled cannot be canceled again (the API answers 409): wait for it.
          <Button
            variant="secondary"
            disabled={cancel.isPending || workspace.latestBuild.status === "canceling"}
            onClick={() => cancel.mutate(workspace.latestBuild.id)}
          >
            Cancel build
          </Button>
        ) : (
          <>
            <Button disabled={build.isPending} onClick={() => build.mutate("start")}>
              {isRunning ? "Restart" : "Start"}
            </Button>
            <Button variant="secondary" disabled={build.isPending || !isRunning} onClick={() => build.mutate("stop")}>
              Stop
            </Button>
            <Button
              variant="danger"
              disabled={build.isPending}
              onClick={() => {
                if (window.confirm(`Delete ${workspace.ownerName}/${workspace.name}? Its folder is removed.`)) build.mutate("delete");
              }}
            >
              Delete
            </Button>
          </>
        )}
      </div>
      {error ? <Alert>{error.message}</Alert> : null}
    </div>
  );
}
