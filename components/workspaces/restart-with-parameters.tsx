"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/api/client";
import { isJobInProgress } from "@/lib/provisioner/job-status";
import { initialParameterValues, parameterFieldError, serverParameterErrors } from "@/lib/templates/parameter-form";
import { templateById } from "@/lib/templates/queries";
import type { TemplateDetail } from "@/lib/templates/schemas";
import { createWorkspaceBuild } from "@/lib/workspaces/queries";
import type { Workspace } from "@/lib/workspaces/schemas";
import { ParameterFields } from "./parameter-fields";

/**
 * A start build with new values for the parameters the template marks `mutable`; the others are
 * shown locked at their current value (the server refuses to change them).
 */
export function RestartWithParameters({ workspace }: { workspace: Workspace }) {
  const { data: template } = useQuery(templateById(workspace.templateId));
  if (workspace.deleted || isJobInProgress(workspace.latestBuild.status) || !template) return null;
  if (!template.parameters.some((p) => p.mutable)) return null;
  return (
    <details className="rounded-lg border border-stone-200 p-3 dark:border-stone-800">
      <summary className="cursor-pointer text-sm font-medium">Restart with parameters</summary>
      <RestartForm key={workspace.latestBuild.id} workspace={workspace} template={template} />
    </details>
  );
}

function RestartForm({ workspace, template }: { workspace: Workspace; template: TemplateDetail }) {
  const build = useMutation(createWorkspaceBuild(useQueryClient(), workspace.id));
  const current = Object.fromEntries(workspace.latestBuild.parameters.map(({ name, value }) => [name, value]));
  const [values, setValues] = useState(() => initialParameterValues(template.parameters, current));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const mutable = template.parameters.filter((p) => p.mutable);
  const serverErrors = build.error instanceof ApiError ? serverParameterErrors(build.error.body.validations) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(new Set(mutable.map((p) => p.name)));
    if (mutable.some((p) => parameterFieldError(p, values[p.name] ?? "") !== null)) return;
    // Only the values that may change are sent; the server keeps the rest from the last build.
    const parameters = Object.fromEntries(mutable.filter((p) => values[p.name] !== "").map((p) => [p.name, values[p.name]!]));
    build.mutate({ transition: "start", parameters });
  };
  return (
    <form onSubmit={submit} noValidate className="mt-3 flex flex-col gap-3" aria-label="Restart with parameters">
      <ParameterFields
        parameters={template.parameters}
        values={values}
        touched={touched}
        serverErrors={serverErrors}
        isLocked={(p) => !p.mutable}
        disabled={build.isPending}
        onChange={(name, value) => {
          setValues((v) => ({ ...v, [name]: value }));
          setTouched((t) => new Set(t).add(name));
        }}
      />
      {build.error && Object.keys(serverErrors).length === 0 ? <Alert>{build.error.message}</Alert> : null}
      <div>
        <Button type="submit" disabled={build.isPending}>
          Restart with these values
        </Button>
      </div>
    </form>
  );
}
