import { ChatSettingsForm } from "@/components/admin/chat-settings-form";
import { requirePageAdmin } from "@/lib/auth/page-actor";

export default async function AdminSettingsPage() {
  await requirePageAdmin();
  return (
    <section aria-labelledby="admin-settings-heading" className="flex flex-col gap-4">
      <h1 id="admin-settings-heading" className="text-lg font-semibold">
        Chat settings
      </h1>
      <ChatSettingsForm />
    </section>
  );
}
