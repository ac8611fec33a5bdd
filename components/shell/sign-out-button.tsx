"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { logout } from "@/lib/users/queries";

export function SignOutButton() {
  const router = useRouter();
  const mutation = useMutation(logout(useQueryClient()));
  return (
    <Button
      variant="secondary"
      disabled={mutation.isPending}
      onClick={() => mutation.mutate(undefined, { onSuccess: () => router.replace("/login") })}
    >
      Sign out
    </Button>
  );
}
