"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { templates } from "@/lib/templates/queries";

/** The templates the user can see, each with its page and a shortcut to build from it. */
export function TemplateList() {
  const { data, error, isPending } = useQuery(templates());
  if (isPending) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading templates…</p>;
  if (error) return <Alert>{error.message}</Alert>;
  if (data.length === 0) return <p className="text-sm text-stone-600 dark:text-stone-400">There are no templates yet.</p>;
  return (
    <ul className="flex flex-col divide-y divide-stone-200 dark:divide-stone-800">
      {data.map((template) => (
        <li key={template.id} data-testid="template-row" data-name={template.name} className="flex flex-wrap items-center gap-3 py-3">
          <Link href={`/templates/${template.id}`} className="font-medium text-orange-700 hover:underline dark:text-orange-400">
            {template.displayName || template.name}
          </Link>
          <span className="font-mono text-xs text-stone-600 dark:text-stone-400">{template.name}</span>
          {template.deprecated ? <span className="text-xs text-stone-600 dark:text-stone-400">(deprecated)</span> : null}
          <span className="flex-1 text-sm text-stone-600 dark:text-stone-400">{template.description}</span>
          {!template.deprecated && template.activeVersionId ? (
            <Link href={`/workspaces/new?template=${template.id}`} className="text-sm text-orange-700 hover:underline dark:text-orange-400">
              New workspace<span className="sr-only"> from {template.name}</span>
            </Link>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
