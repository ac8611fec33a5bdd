import { TemplateChatTable } from "@/components/admin/template-chat-table";
import { requirePageAdmin } from "@/lib/auth/page-actor";

export default async function AdminTemplatesPage() {
  await requirePageAdmin();
  return (
    <section aria-labelledby="admin-templates-heading" className="flex flex-col gap-4">
      <div>
        <h1 id="admin-templates-heading" className="text-lg font-semibold">
          Templates
        </h1>
        <p className="mt-2 text-sm text-stone-600 dark:text-stone-400">
          Chats can only create workspaces from templates allowed here. Workspaces that already exist are not affected.
        </p>
      </div>
      <TemplateChatTable />
    </section>
  );
}
