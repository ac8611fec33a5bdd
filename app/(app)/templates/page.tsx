import { TemplateList } from "@/components/templates/template-list";
import { PageSection } from "@/components/ui/page-section";

export default function TemplatesPage() {
  return (
    <PageSection title="Templates" description="What workspaces are built from. Open one to see its parameters and versions.">
      <TemplateList />
    </PageSection>
  );
}
