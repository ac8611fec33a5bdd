import { TemplatePage } from "@/components/templates/template-editor";
import { requirePageAdmin } from "@/lib/auth/page-actor";

export default async function AdminTemplatePage({ params }: { params: Promise<{ templateId: string }> }) {
  await requirePageAdmin();
  const { templateId } = await params;
  return <TemplatePage templateId={templateId} canEdit />;
}
