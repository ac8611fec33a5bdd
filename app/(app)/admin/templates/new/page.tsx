import { NewTemplateForm } from "@/components/templates/new-template-form";
import { PageSection } from "@/components/ui/page-section";
import { requirePageAdmin } from "@/lib/auth/page-actor";

export default async function NewTemplatePage() {
  await requirePageAdmin();
  return (
    <PageSection title="New template" description="Problems are shown at their line as you type; the template can be saved once there are none.">
      <NewTemplateForm />
    </PageSection>
  );
}
