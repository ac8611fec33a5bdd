import Link from "next/link";
import { requirePageAdmin } from "@/lib/auth/page-actor";

const SECTIONS = [
  { href: "/admin/templates", title: "Templates", description: "Choose which templates chats may create workspaces from." },
  { href: "/admin/settings", title: "Chat settings", description: "Set how long chat workspaces live." },
];

export default async function AdminPage() {
  await requirePageAdmin();
  return (
    <section aria-labelledby="admin-heading" className="flex flex-col gap-4">
      <div>
        <h1 id="admin-heading" className="text-lg font-semibold">
          Admin
        </h1>
        <p className="mt-2 text-sm text-stone-600 dark:text-stone-400">Site administration.</p>
      </div>
      <ul className="grid gap-3 sm:grid-cols-2">
        {SECTIONS.map((section) => (
          <li key={section.href} className="rounded-md border border-stone-200 p-4 dark:border-stone-800">
            <Link href={section.href} className="font-medium text-orange-700 hover:underline dark:text-orange-400">
              {section.title}
            </Link>
            <p className="mt-1 text-sm text-stone-600 dark:text-stone-400">{section.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
