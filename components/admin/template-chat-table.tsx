"use client";

import { useMutation, useMutationState, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Switch } from "@/components/ui/switch";
import { organizations } from "@/lib/organizations/queries";
import { templateKeys, templates, updateTemplate } from "@/lib/templates/queries";
import type { UpdateTemplateInput } from "@/lib/templates/schemas";

/** Every template with a switch for whether chats may create workspaces from it. */
export function TemplateChatTable() {
  const { data, error, isPending } = useQuery(templates());
  const { data: orgs } = useQuery(organizations());
  const mutation = useMutation(updateTemplate(useQueryClient()));
  // A row's switch waits for its own PATCH, so that two quick clicks cannot reach the server
  // in the other order; the other rows stay usable.
  const pendingIds = useMutationState({
    filters: { mutationKey: templateKeys.update(), status: "pending" },
    select: (m) => (m.state.variables as { templateId: string } | undefined)?.templateId,
  });

  if (isPending) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading templates…</p>;
  if (error) return <Alert>{error.message}</Alert>;
  if (data.length === 0) return <p className="text-sm text-stone-600 dark:text-stone-400">There are no templates yet.</p>;

  const organizationName = (id: string) => {
    const organization = orgs?.find((o) => o.id === id);
    return organization ? organization.displayName || organization.name : "…";
  };
  const failedName = data.find((t) => t.id === mutation.variables?.templateId)?.name;

  return (
    <div className="flex flex-col gap-3">
      {mutation.error ? (
        <Alert>
          Could not change {failedName ? `“${failedName}”` : "the template"}: {mutation.error.message}
        </Alert>
      ) : null}
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-stone-600 dark:text-stone-400 uppercase">
          <tr>
            <th className="py-2">Name</th>
            <th>Display name</th>
            <th>Organization</th>
            <th>Deprecated</th>
            <th>Allowed in chats</th>
          </tr>
        </thead>
        <tbody>
          {data.map((template) => (
            <tr key={template.id} className="border-t border-stone-200 dark:border-stone-800">
              <td className="py-2 font-mono">
                <Link href={`/admin/templates/${template.id}`} className="text-orange-700 hover:underline dark:text-orange-400">
                  {template.name}
                </Link>
              </td>
              <td>{template.displayName || <span className="text-stone-600 dark:text-stone-400">—</span>}</td>
              <td>{organizationName(template.organizationId)}</td>
              <td>{template.deprecated ? "Yes" : "No"}</td>
              <td>
                <Switch
                  label={`Allow ${template.name} in chats`}
                  checked={template.allowedInChat}
                  disabled={pendingIds.includes(template.id)}
                  onCheckedChange={(allowedInChat) => {
                    const input: UpdateTemplateInput = { allowedInChat };
                    mutation.mutate({ templateId: template.id, input });
                  }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
