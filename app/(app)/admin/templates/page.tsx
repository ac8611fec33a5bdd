import Link from "next/link";
import { IsolationWarning } from "@/components/shell/isolation-warning";
import { PageSection } from "@/components/ui/page-section";
import { TemplateChatTable } from "@/components/admin/template-chat-table";
import { requirePageAdmin } from "@/lib/auth/page-actor";

export default async function AdminTemplatesPage() {
  await requirePageAdmin();
  return (
    <PageSection
      title="Templates"
      description="Chats can only create workspaces from templates allowed here. Workspaces that already exist are not affected."
    >
      <IsolationWarning />
      <div>
        <Link href="/admin/templates/new" className="inline-flex rounded-md bg-orange-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-orange-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-700">
          New template
        </Link>
      </div>
      <TemplateChatTable />
    </PageSection>
  );
}
