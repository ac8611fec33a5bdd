"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api/client";
import { chatSettings } from "@/lib/chat-settings/queries";
import { initialParameterValues, parameterFieldError, parameterValuesToSend, serverParameterErrors } from "@/lib/templates/parameter-form";
import { templateById, templates } from "@/lib/templates/queries";
import type { TemplateDetail } from "@/lib/templates/schemas";
import { createWorkspace, workspaces } from "@/lib/workspaces/queries";
import { generateWorkspaceName, workspaceNameSchema } from "@/lib/workspaces/workspace-name";
import { ParameterFields } from "./parameter-fields";

/** Pick a template, fill in its parameters and a name, and go to the new workspace's live build. */
export function NewWorkspaceForm({ templateId }: { templateId: string | null }) {
  const router = useRouter();
  const list = useQuery(templates());
  const choices = (list.data ?? []).filter((t) => !t.deprecated && t.activeVersionId !== null);
  const selectedId = templateId ?? choices[0]?.id ?? null;
  const detail = useQuery({ ...templateById(selectedId ?? ""), enabled: selectedId !== null });

  if (list.isPending) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading templates…</p>;
  if (list.error) return <Alert>{list.error.message}</Alert>;
  if (choices.length === 0) return <p className="text-sm text-stone-600 dark:text-stone-400">There are no templates to build from yet.</p>;
  return (
    <div className="flex max-w-xl flex-col gap-4">
      <SelectField
        label="Template"
        value={selectedId ?? ""}
        options={choices.map((t) => ({ value: t.id, label: t.displayName || t.name }))}
        onChange={(event) => router.replace(`/workspaces/new?template=${encodeURIComponent(event.target.value)}`)}
      />
      <QuotaNote />
      {detail.error ? <Alert>{detail.error.message}</Alert> : null}
      {detail.data ? <WorkspaceFields key={detail.data.id} template={detail.data} /> : null}
    </div>
  );
}

/** The admin's workspaces-per-user quota and how much of it the user has used; nothing when unlimited. */
function QuotaNote() {
  const settings = useQuery(chatSettings());
  // GET /workspaces answers the caller's own live workspaces: what the quota counts.
  const own = useQuery(workspaces());
  const limit = settings.data?.workspacesPerUser ?? 0;
  if (limit === 0 || !own.data) return null;
  const count = own.data.length;
  return (
    <p data-testid="workspace-quota" className="text-sm text-stone-600 dark:text-stone-400">
      You have {count} of {limit} workspace{limit === 1 ? "" : "s"} allowed
      {count >= limit ? "; delete one before creating another." : "."}
    </p>
  );
}

function WorkspaceFields({ template }: { template: TemplateDetail }) {
  const router = useRouter();
  const mutation = useMutation(createWorkspace(useQueryClient()));
  const [name, setName] = useState(() => generateWorkspaceName(template.name));
  const [values, setValues] = useState(() => initialParameterValues(template.parameters));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  // The server's answer for a field stands until that field is changed.
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [isNameTouched, setNameTouched] = useState(false);

  const nameCheck = workspaceNameSchema.safeParse(name);
  const nameError = serverErrors[" name"] ?? (isNameTouched && !nameCheck.success ? nameCheck.error.issues[0]?.message : undefined);
  const apiError = mutation.error instanceof ApiError ? mutation.error : null;
  const otherValidations = (apiError?.body.validations ?? []).filter((v) => v.field !== "name" && !v.field.startsWith("parameters."));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(new Set(template.parameters.map((p) => p.name)));
    setNameTouched(true);
    const invalid = !nameCheck.success || template.parameters.some((p) => parameterFieldError(p, values[p.name] ?? "") !== null);
    if (invalid) return;
    mutation.mutate(
      { templateId: template.id, name: nameCheck.data!, parameters: parameterValuesToSend(values) },
      {
        onSuccess: (workspace) => router.push(`/workspaces/${workspace.id}`),
        onError: (error) => {
          const validations = error instanceof ApiError ? error.body.validations : undefined;
          const nameDetail = validations?.find((v) => v.field === "name")?.detail;
          // " name" cannot collide with a parameter (parameter names have no spaces).
          setServerErrors({ ...serverParameterErrors(validations), ...(nameDetail ? { " name": nameDetail } : {}) });
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="New workspace">
      {template.description ? <p className="text-sm text-stone-600 dark:text-stone-400">{template.description}</p> : null}
      <TextField
        label="Workspace name"
        name="workspace-name"
        value={name}
        hint="Letters, digits and single hyphens; at most 32 characters."
        error={nameError}
        onChange={(event) => {
          setName(event.target.value);
          setNameTouched(true);
          setServerErrors(({ " name": _, ...rest }) => rest);
        }}
      />
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-semibold">Parameters</legend>
        <ParameterFields
          parameters={template.parameters}
          values={values}
          touched={touched}
          serverErrors={serverErrors}
          disabled={mutation.isPending}
          onChange={(parameter, value) => {
            setValues((current) => ({ ...current, [parameter]: value }));
            setTouched((current) => new Set(current).add(parameter));
            setServerErrors(({ [parameter]: _, ...rest }) => rest);
          }}
        />
      </fieldset>
      {mutation.error && (otherValidations.length > 0 || !apiError?.body.validations) ? (
        <Alert>
          {mutation.error.message}
          {otherValidations.map((v) => ` ${v.field}: ${v.detail}.`).join("")}
        </Alert>
      ) : null}
      <div>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Creating…" : "Create workspace"}
        </Button>
      </div>
    </form>
  );
}
