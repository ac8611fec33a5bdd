import { TemplatePage } from "@/components/templates/template-editor";

export default async function TemplateDetailPage({ params }: { params: Promise<{ templateId: string }> }) {
  const { templateId } = await params;
  return <TemplatePage templateId={templateId} canEdit={false} />;
}
