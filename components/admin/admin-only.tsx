import type { ReactNode } from "react";
import type { Actor } from "@/lib/auth/actor";

/** The notice a non-admin sees in place of an admin page. */
export function AdminOnlyNotice() {
  return (
    <section role="alert" className="text-sm">
      <h1 className="text-lg font-semibold">403 — Admins only</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">This page needs an admin account.</p>
    </section>
  );
}

/**
 * Renders its children for admins and the 403 notice for everyone else. Admin pages call
 * requirePageAdmin() instead, which also sets the HTTP status; this is for admin-only parts
 * of pages that everyone may open.
 */
export function AdminOnly({ actor, children }: { actor: Actor; children: ReactNode }) {
  if (actor.role === "admin") return <>{children}</>;
  return <AdminOnlyNotice />;
}
