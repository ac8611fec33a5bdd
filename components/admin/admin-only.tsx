import type { ReactNode } from "react";
import type { Actor } from "@/lib/auth/actor";

/** Renders its children for admins and a 403 notice for everyone else. */
export function AdminOnly({ actor, children }: { actor: Actor; children: ReactNode }) {
  if (actor.role === "admin") return <>{children}</>;
  return (
    <section role="alert" className="text-sm">
      <h1 className="text-lg font-semibold">403 — Admins only</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">This page needs an admin account.</p>
    </section>
  );
}
