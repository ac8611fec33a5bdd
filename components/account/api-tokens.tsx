"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api/client";
import { createMyToken, myTokens, revokeMyToken } from "@/lib/users/queries";

const MUTED = "text-stone-600 dark:text-stone-400";

/** The user's API tokens: create one (its secret shown once), see when each was used, revoke. */
export function ApiTokens() {
  const queryClient = useQueryClient();
  const { data, error, isPending } = useQuery(myTokens());
  const create = useMutation(createMyToken(queryClient));
  const revoke = useMutation(revokeMyToken(queryClient));
  const [name, setName] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name }, { onSuccess: () => setName("") });
  };
  const nameError = create.error instanceof ApiError ? create.error.fieldError("name") : undefined;

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submit} noValidate aria-label="New API token" className="flex max-w-md items-end gap-3">
        <div className="flex-1">
          <TextField label="Token name" autoComplete="off" value={name} error={nameError} onChange={(e) => setName(e.target.value)} />
        </div>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {create.error && !nameError ? <Alert>{create.error.message}</Alert> : null}
      {create.isSuccess ? <OneTimeSecret label={`Token “${create.data.name}” created.`} value={create.data.token} testId="new-token" /> : null}
      {revoke.error ? <Alert>Could not revoke the token: {revoke.error.message}</Alert> : null}
      {isPending ? <p className={`text-sm ${MUTED}`}>Loading tokens…</p> : null}
      {error ? <Alert>{error.message}</Alert> : null}
      {data && data.length === 0 ? <p className={`text-sm ${MUTED}`}>You have no API tokens.</p> : null}
      {data && data.length > 0 ? (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">API tokens</caption>
          <thead className={`text-xs uppercase ${MUTED}`}>
            <tr>
              <th scope="col" className="py-2">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {data.map((token) => (
              <tr key={token.id} className="border-t border-stone-200 dark:border-stone-800">
                <th scope="row" className="py-2 font-medium">{token.name}</th>
                <td>{new Date(token.createdAt).toLocaleString()}</td>
                <td>{token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : "never"}</td>
                <td>{new Date(token.expiresAt).toLocaleDateString()}</td>
                <td className="py-2 text-right">
                  <Button variant="danger" disabled={revoke.isPending} aria-label={`Revoke token ${token.name}`} onClick={() => revoke.mutate({ tokenId: token.id })}>
                    Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
