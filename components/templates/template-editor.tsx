"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useEffect, useMemo, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { ApiError } from "@/lib/api/client";
import { createTemplateVersion, templateById, templateVersions, updateTemplate } from "@/lib/templates/queries";
import type { TemplateDetail } from "@/lib/templates/schemas";
import type { SpecTextCheck } from "@/lib/templates/check-spec-text";
import type { SpecLineIssue } from "@/lib/templates/spec-line-issues";
import { ParameterPreview } from "./parameter-preview";
import { SpecEditor } from "./spec-editor";
import { TemplateVersions } from "./template-versions";

/** The server's validations as line issues where they name no line (e.g. spec.name taken). */
function serverIssues(error: unknown): SpecLineIssue[] {
  if (!(error instanceof ApiError)) return [];
  return (error.body.validations ?? []).map((v) => ({ line: 1, field: v.field, message: v.detail }));
}

type Checker = (text: string) => SpecTextCheck;

/** The spec checker, loaded after the page: the YAML parser is not part of the first load. */
function useSpecChecker(): Checker | null {
  const [checker, setChecker] = useState<{ check: Checker } | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void import("@/lib/templates/check-spec-text").then((module) => {
      if (isCurrent) setChecker({ check: module.checkSpecText });
    });
    return () => {
      isCurrent = false;
    };
  }, []);
  return checker?.check ?? null;
}

/**
 * The spec text checked as it is typed; Save is refused while it has problems. Shared by the
 * new-template page and a template's page (where saving adds a version).
 */
export function SpecForm({
  initialText,
  saveLabel,
  onSave,
  isSaving,
  error,
}: {
  initialText: string;
  saveLabel: string;
  onSave: (text: string) => void;
  isSaving: boolean;
  error: Error | null;
}) {
  const [text, setText] = useState(initialText);
  // Parsing waits for a pause in typing on slow machines; the list catches up at once after.
  const checked = useDeferredValue(text);
  const check = useSpecChecker();
  const result = useMemo(() => (check ? check(checked) : null), [check, checked]);
  const issues = result?.issues ?? [];
  const isValid = result !== null && issues.length === 0 && checked === text;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check && check(text).issues.length === 0) onSave(text);
  };
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Template spec">
        <SpecEditor value={text} onChange={setText} issues={issues} isChecking={result === null} />
        {error ? (
          <Alert>
            {error.message}
            {serverIssues(error).map((issue) => ` ${issue.field}: ${issue.message}.`)}
          </Alert>
        ) : null}
        <div>
          <Button type="submit" disabled={!isValid || isSaving} aria-describedby={isValid ? undefined : "save-refused"}>
            {isSaving ? "Saving…" : saveLabel}
          </Button>
          {isValid ? null : (
            <span id="save-refused" className="ml-3 text-sm text-stone-600 dark:text-stone-400">
              Fix the problems above to save.
            </span>
          )}
        </div>
      </form>
      <ParameterPreview parameters={result?.parameters ?? null} />
    </div>
  );
}

function TemplateSwitches({ template }: { template: TemplateDetail }) {
  const update = useMutation(updateTemplate(useQueryClient()));
  return (
    <div className="flex flex-wrap items-center gap-6 text-sm">
      <label className="flex items-center gap-2">
        <Switch
          label={`Allow ${template.name} in chats`}
          checked={template.allowedInChat}
          disabled={update.isPending}
          onCheckedChange={(allowedInChat) => update.mutate({ templateId: template.id, input: { allowedInChat } })}
        />
        <span aria-hidden="true">Allowed in chats</span>
      </label>
      <label className="flex items-center gap-2">
        <Switch
          label={`Deprecate ${template.name}`}
          checked={template.deprecated}
          disabled={update.isPending}
          onCheckedChange={(deprecated) => update.mutate({ templateId: template.id, input: { deprecated } })}
        />
        <span aria-hidden="true">Deprecated</span>
      </label>
      {update.error ? <Alert>{update.error.message}</Alert> : null}
    </div>
  );
}

/** A template's page: its spec (editable by admins, saved as a new version), the form it makes, its versions. */
export function TemplatePage({ templateId, canEdit }: { templateId: string; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const { data: template, error } = useQuery(templateById(templateId));
  const { data: versions } = useQuery(templateVersions(templateId));
  const save = useMutation(createTemplateVersion(queryClient, templateId));
  if (error) return <Alert>{error.message}</Alert>;
  if (!template || !versions) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading template…</p>;
  const active = versions.find((v) => v.id === template.activeVersionId);
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-2">
        <h1 className="text-lg font-semibold">
          {template.displayName || template.name} <span className="font-mono text-sm text-stone-600 dark:text-stone-400">{template.name}</span>
        </h1>
        {template.description ? <p className="text-sm text-stone-600 dark:text-stone-400">{template.description}</p> : null}
        {canEdit ? <TemplateSwitches template={template} /> : null}
      </header>
      {canEdit ? (
        // Keyed by the active version: making another one active starts the editor from its text.
        <SpecForm
          key={template.activeVersionId ?? "none"}
          initialText={active?.source ?? `name: ${template.name}\n`}
          saveLabel="Save as new version"
          isSaving={save.isPending}
          error={save.error}
          onSave={(spec) => save.mutate({ spec })}
        />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <SpecEditor value={active?.source ?? ""} issues={[]} readOnly label={`Spec of ${active?.name ?? "the active version"}`} />
          <ParameterPreview parameters={template.parameters} />
        </div>
      )}
      <TemplateVersions template={template} canEdit={canEdit} />
    </div>
  );
}
