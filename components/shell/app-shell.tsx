import Link from "next/link";
import type { ReactNode } from "react";
import type { Actor } from "@/lib/auth/actor";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

export function AppShell({ actor, children }: { actor: Actor; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-stone-200 bg-white dark:border-stone-800 dark:bg-stone-900">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/chats" className="font-semibold text-orange-700 dark:text-orange-400">
            Kiln
          </Link>
          <nav aria-label="Main" className="flex gap-1">
            <NavLink href="/chats">Chats</NavLink>
            <NavLink href="/workspaces">Workspaces</NavLink>
            <NavLink href="/templates">Templates</NavLink>
            {actor.role === "admin" ? <NavLink href="/admin">Admin</NavLink> : null}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <Link href="/account" data-testid="current-user" className="hover:underline">
              {actor.username}
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">{children}</main>
    </div>
  );
}
