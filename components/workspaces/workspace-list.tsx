"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { workspaces } from "@/lib/workspaces/queries";
import { StatusBadge } from "./status-badge";

export function WorkspaceList() {
  const { data, error, isPending } = useQuery(workspaces());
  if (isPending) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading workspaces…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700 dark:text-red-400">{error.message}</p>;
  if (data.length === 0) {
    return <p className="text-sm text-stone-600 dark:text-stone-400">You have no workspaces yet. Ask for one in a chat.</p>;
  }
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs text-stone-600 dark:text-stone-400 uppercase">
        <tr>
          <th className="py-2">Name</th>
          <th>Template</th>
          <th>Status</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {data.map((workspace) => (
          <tr key={workspace.id} className="border-t border-stone-200 dark:border-stone-800">
            <td className="py-2">
              <Link href={`/workspaces/${workspace.id}`} className="font-medium text-orange-700 hover:underline dark:text-orange-400">
                {workspace.ownerName}/{workspace.name}
              </Link>
            </td>
            <td>{workspace.templateDisplayName || workspace.templateName}</td>
            <td>
              <StatusBadge status={workspace.status} testId="workspace-status" />
            </td>
            <td>
              <time dateTime={workspace.createdAt}>{new Date(workspace.createdAt).toLocaleString()}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
