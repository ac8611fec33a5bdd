"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { adminUsers, resetUserPassword, updateUser } from "@/lib/users/queries";
import type { AdminUser } from "@/lib/users/schemas";

const MUTED = "text-stone-600 dark:text-stone-400";

function lastSeen(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "never";
}

/** Every user with role, status, last seen and workspaces, and the admin's actions on each. */
export function UsersTable() {
  const { data, error, isPending } = useQuery(adminUsers());
  const update = useMutation(updateUser(useQueryClient()));
  const reset = useMutation(resetUserPassword());

  if (isPending) return <p className={`text-sm ${MUTED}`}>Loading users…</p>;
  if (error) return <Alert>{error.message}</Alert>;

  const nameOf = (userId: string | undefined) => data.find((u) => u.id === userId)?.username ?? "the user";
  const isBusy = update.isPending || reset.isPending;

  return (
    <div className="flex flex-col gap-3">
      {update.error ? (
        <Alert>
          Could not change {nameOf(update.variables?.userId)}: {update.error.message}
        </Alert>
      ) : null}
      {reset.error ? <Alert>Could not reset the password: {reset.error.message}</Alert> : null}
      {reset.isSuccess && reset.data.generatedPassword ? (
        <OneTimeSecret label={`New password for ${nameOf(reset.variables.userId)}:`} value={reset.data.generatedPassword} testId="reset-password" />
      ) : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Users</caption>
          <thead className={`text-xs uppercase ${MUTED}`}>
            <tr>
              <th scope="col" className="py-2">User</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last seen</th>
              <th scope="col">Workspaces</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {data.map((user) => (
              <UserRow key={user.id} user={user} isBusy={isBusy} onUpdate={update.mutate} onReset={(userId) => reset.mutate({ userId })} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function UserRow({
  user,
  isBusy,
  onUpdate,
  onReset,
}: {
  user: AdminUser;
  isBusy: boolean;
  onUpdate: (input: { userId: string; role?: "member" | "admin"; status?: "active" | "suspended" }) => void;
  onReset: (userId: string) => void;
}) {
  const isSuspended = user.status === "suspended";
  return (
    <tr data-testid={`user-row-${user.username}`} className="border-t border-stone-200 align-top dark:border-stone-800">
      <th scope="row" className="py-2 font-normal">
        <span className="font-medium">{user.username}</span>
        <span className={`block text-xs ${MUTED}`}>{user.email}</span>
      </th>
      <td className="py-2">{user.role === "admin" ? "Admin" : "Member"}</td>
      <td className="py-2">
        <span className={isSuspended ? "font-medium text-red-700 dark:text-red-400" : ""}>{isSuspended ? "Suspended" : "Active"}</span>
      </td>
      <td className="py-2">{lastSeen(user.lastSeenAt)}</td>
      <td className="py-2">{user.workspaceCount}</td>
      <td className="py-2">
        <div className="flex flex-wrap justify-end gap-2">
          <Button
            variant="secondary"
            disabled={isBusy}
            aria-label={`${user.role === "admin" ? "Make member" : "Make admin"}: ${user.username}`}
            onClick={() => onUpdate({ userId: user.id, role: user.role === "admin" ? "member" : "admin" })}
          >
            {user.role === "admin" ? "Make member" : "Make admin"}
          </Button>
          <Button
            variant={isSuspended ? "secondary" : "danger"}
            disabled={isBusy}
            aria-label={`${isSuspended ? "Reactivate" : "Suspend"} ${user.username}`}
            onClick={() => onUpdate({ userId: user.id, status: isSuspended ? "active" : "suspended" })}
          >
            {isSuspended ? "Reactivate" : "Suspend"}
          </Button>
          <Button variant="secondary" disabled={isBusy} aria-label={`Reset password of ${user.username}`} onClick={() => onReset(user.id)}>
            Reset password
          </Button>
        </div>
      </td>
    </tr>
  );
}
