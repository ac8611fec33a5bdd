import { IsolationWarning } from "@/components/shell/isolation-warning";
import Link from "next/link";
import { PageSection } from "@/components/ui/page-section";
import { requirePageAdmin } from "@/lib/auth/page-actor";

const SECTIONS = [
  { href: "/admin/users", title: "Users", description: "Add users, change roles, suspend, reset passwords." },
  { href: "/admin/audit", title: "Audit log", description: "Who changed what, when and from where." },
  { href: "/admin/templates", title: "Templates", description: "Choose which templates chats may create workspaces from." },
  { href: "/admin/settings", title: "Chat settings", description: "Set how long chat workspaces live and how many workspaces each user may have." },
];

export default async function AdminPage() {
  await requirePageAdmin();
  return (
    <PageSection title="Admin" description="Site administration.">
      <IsolationWarning />
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
    </PageSection>
  );
}
