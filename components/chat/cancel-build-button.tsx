"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cancelBuild } from "@/lib/workspaces/queries";

/** Cancels a pending or running build; the tool waiting for it then reports the cancel. */
export function CancelBuildButton({ buildId }: { buildId: string }) {
  const cancel = useMutation(cancelBuild(useQueryClient()));
  return (
    <div className="ml-auto flex flex-col items-end gap-2">
      <Button variant="secondary" disabled={cancel.isPending || cancel.isSuccess} onClick={() => cancel.mutate(buildId)}>
        {cancel.isPending || cancel.isSuccess ? "Canceling…" : "Cancel build"}
      </Button>
      {cancel.error ? <Alert>Could not cancel the build: {cancel.error.message}</Alert> : null}
    </div>
  );
}
