"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api/client";
import type { UserRole } from "@/lib/auth/schemas";
import { createUser } from "@/lib/users/queries";

const ROLES = [
  { value: "member", label: "Member" },
  { value: "admin", label: "Admin" },
] as const satisfies readonly { value: UserRole; label: string }[];

const EMPTY = { email: "", username: "", name: "", password: "", role: "member" as UserRole };

/** An admin adds a user; an empty password field means "generate one", shown once after saving. */
export function CreateUserForm() {
  const mutation = useMutation(createUser(useQueryClient()));
  const [form, setForm] = useState(EMPTY);
  const edit = (next: Partial<typeof EMPTY>) => setForm((current) => ({ ...current, ...next }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate(
      { email: form.email, username: form.username, name: form.name || undefined, role: form.role, password: form.password || undefined },
      { onSuccess: () => setForm(EMPTY) },
    );
  };

  const apiError = mutation.error instanceof ApiError ? mutation.error : undefined;
  const fieldError = (field: string) => apiError?.fieldError(field);
  const hasFieldError = ["email", "username", "name", "password", "role"].some((field) => fieldError(field));

  return (
    <form onSubmit={submit} noValidate aria-label="New user" className="flex max-w-xl flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Email" type="email" autoComplete="off" required value={form.email} error={fieldError("email")} onChange={(e) => edit({ email: e.target.value })} />
        <TextField label="Username" autoComplete="off" required value={form.username} error={fieldError("username")} onChange={(e) => edit({ username: e.target.value })} />
        <TextField label="Name (optional)" autoComplete="off" value={form.name} error={fieldError("name")} onChange={(e) => edit({ name: e.target.value })} />
        <SelectField label="Role" options={ROLES} value={form.role} onChange={(e) => edit({ role: e.target.value as UserRole })} />
      </div>
      <TextField
        label="First password (optional)"
        hint="Leave empty to generate one; it is shown once after the user is created."
        type="password"
        autoComplete="new-password"
        value={form.password}
        error={fieldError("password")}
        onChange={(e) => edit({ password: e.target.value })}
      />
      {mutation.error && !hasFieldError ? <Alert>{mutation.error.message}</Alert> : null}
      {mutation.isSuccess ? (
        mutation.data.generatedPassword ? (
          <OneTimeSecret label={`Created ${mutation.data.username}. Their first password:`} value={mutation.data.generatedPassword} testId="generated-password" />
        ) : (
          <p role="status" className="text-sm text-green-700 dark:text-green-400">
            Created {mutation.data.username}.
          </p>
        )
      ) : null}
      <div>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Creating…" : "Create user"}
        </Button>
      </div>
    </form>
  );
}
