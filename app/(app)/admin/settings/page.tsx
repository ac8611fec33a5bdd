import { IsolationWarning } from "@/components/shell/isolation-warning";
import { PageSection } from "@/components/ui/page-section";
import { ChatSettingsForm } from "@/components/admin/chat-settings-form";
import { requirePageAdmin } from "@/lib/auth/page-actor";

export default async function AdminSettingsPage() {
  await requirePageAdmin();
  return (
    <PageSection title="Chat settings" description="How long chat workspaces live, and how many workspaces each user may have.">
      <IsolationWarning />
      <ChatSettingsForm />
    </PageSection>
  );
}
