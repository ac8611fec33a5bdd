"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { StatusBadge } from "@/components/workspaces/status-badge";
import { templateKeys, templateVersions, updateTemplate } from "@/lib/templates/queries";
import type { TemplateDetail } from "@/lib/templates/schemas";
// The diff library loads when a diff is first shown, not with the page.
const VersionDiff = dynamic(() => import("./version-diff").then((module) => module.VersionDiff), {
  loading: () => <p className="text-sm text-stone-600 dark:text-stone-400">Loading the diff…</p>,
});

/** Every version with its author and time, a diff between any two, and (for admins) "make active". */
export function TemplateVersions({ template, canEdit }: { template: TemplateDetail; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const { data: versions, error } = useQuery(templateVersions(template.id));
  const activate = useMutation(updateTemplate(queryClient));
  const [fromId, setFromId] = useState<string | null>(null);
  const [toId, setToId] = useState<string | null>(null);
  if (error) return <Alert>{error.message}</Alert>;
  if (!versions) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading versions…</p>;
  // Newest against the one before it, until the reader picks others.
  const to = versions.find((v) => v.id === toId) ?? versions[0];
  const from = versions.find((v) => v.id === fromId) ?? versions[1] ?? versions[0];
  const options = versions.map((v) => ({ value: v.id, label: `${v.name}${v.id === template.activeVersionId ? " (active)" : ""}` }));
  return (
    <section aria-labelledby="versions-heading" className="flex flex-col gap-3">
      <h2 id="versions-heading" className="font-medium">
        Versions
      </h2>
      {activate.error ? <Alert>Could not make that version active: {activate.error.message}</Alert> : null}
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-stone-600 uppercase dark:text-stone-400">
          <tr>
            <th className="py-2">Version</th>
            <th>Author</th>
            <th>Created</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.id} data-testid="template-version" data-name={version.name} className="border-t border-stone-200 dark:border-stone-800">
              <td className="py-2 font-mono">
                {version.name} {version.id === template.activeVersionId ? <StatusBadge status="succeeded" label="active" /> : null}
              </td>
              <td>{version.createdBy ?? "—"}</td>
              <td>
                <time dateTime={version.createdAt}>{new Date(version.createdAt).toLocaleString()}</time>
              </td>
              <td className="text-right">
                {canEdit && version.id !== template.activeVersionId ? (
                  <Button
                    variant="secondary"
                    disabled={activate.isPending}
                    onClick={() =>
                      activate.mutate(
                        { templateId: template.id, input: { activeVersionId: version.id } },
                        { onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.versions(template.id) }) },
                      )
                    }
                  >
                    Make {version.name} active
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length > 1 && from && to ? (
        <div className="flex flex-col gap-2">
          <div className="flex flex-wrap gap-4">
            <SelectField label="Compare from" value={from.id} options={options} onChange={(event) => setFromId(event.target.value)} />
            <SelectField label="Compare to" value={to.id} options={options} onChange={(event) => setToId(event.target.value)} />
          </div>
          <VersionDiff from={from.source} to={to.source} fromName={from.name} toName={to.name} />
        </div>
      ) : null}
    </section>
  );
}
