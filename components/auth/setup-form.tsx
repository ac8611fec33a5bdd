"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api/client";
import { createFirstUser } from "@/lib/users/queries";

export function SetupForm() {
  const router = useRouter();
  const mutation = useMutation(createFirstUser(useQueryClient()));
  const [form, setForm] = useState({ name: "", email: "", username: "", password: "" });
  const fieldError = (field: string) => (mutation.error instanceof ApiError ? mutation.error.fieldError(field) : undefined);
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [field]: e.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate(form, { onSuccess: () => router.replace("/chats") });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Create the first admin">
      {mutation.error && !(mutation.error instanceof ApiError && mutation.error.body.validations) ? (
        <Alert>{mutation.error.message}</Alert>
      ) : null}
      <TextField label="Name" autoComplete="name" value={form.name} onChange={set("name")} error={fieldError("name")} />
      <TextField label="Email" type="email" autoComplete="email" required value={form.email} onChange={set("email")} error={fieldError("email")} />
      <TextField label="Username" autoComplete="username" required value={form.username} onChange={set("username")} error={fieldError("username")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        value={form.password}
        onChange={set("password")}
        error={fieldError("password")}
      />
      <Button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? "Creating…" : "Create admin account"}
      </Button>
    </form>
  );
}
