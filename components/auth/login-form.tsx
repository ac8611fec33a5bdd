"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { login } from "@/lib/users/queries";

/** `next`: a local path to go to once signed in (already checked by the page), else the chats. */
export function LoginForm({ next }: { next?: string }) {
  const router = useRouter();
  const mutation = useMutation(login(useQueryClient()));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A full navigation for `next`: it may be a route handler (an app hand-over), not a page.
    mutation.mutate({ email, password }, { onSuccess: () => (next ? window.location.assign(next) : router.replace("/chats")) });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Sign in">
      {mutation.error ? <Alert>{mutation.error.message}</Alert> : null}
      <TextField label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
