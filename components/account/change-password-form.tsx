"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api/client";
import { changeOwnPassword } from "@/lib/users/queries";

/** The signed-in user's password change; their other sessions end, this one stays. */
export function ChangePasswordForm() {
  const mutation = useMutation(changeOwnPassword());
  const [oldPassword, setOldPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate(
      { oldPassword, newPassword },
      {
        onSuccess: () => {
          setOldPassword("");
          setNewPassword("");
        },
      },
    );
  };

  const apiError = mutation.error instanceof ApiError ? mutation.error : undefined;
  const oldError = apiError?.fieldError("oldPassword");
  const newError = apiError?.fieldError("newPassword");

  return (
    <form onSubmit={submit} noValidate aria-label="Change password" className="flex max-w-md flex-col gap-3">
      <TextField label="Current password" type="password" autoComplete="current-password" value={oldPassword} error={oldError} onChange={(e) => setOldPassword(e.target.value)} />
      <TextField
        label="New password"
        hint="At least 8 characters. Your other sessions are signed out."
        type="password"
        autoComplete="new-password"
        value={newPassword}
        error={newError}
        onChange={(e) => setNewPassword(e.target.value)}
      />
      {mutation.error && !oldError && !newError ? <Alert>{mutation.error.message}</Alert> : null}
      {mutation.isSuccess ? (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          Password changed. Your other sessions have been signed out.
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Changing…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}
