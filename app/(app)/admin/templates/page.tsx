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
      <TemplateChatTable />
    </PageSection>
  );
}
