import { PageSection } from "@/components/ui/page-section";
import { NewWorkspaceForm } from "@/components/workspaces/new-workspace-form";

export default async function NewWorkspacePage({ searchParams }: { searchParams: Promise<{ template?: string | string[] }> }) {
  const { template } = await searchParams;
  // Only a well-formed id reaches the API; anything else starts from the first template.
  const templateId = typeof template === "string" && /^[0-9a-f-]{36}$/i.test(template) ? template : null;
  return (
    <PageSection title="New workspace" description="Pick a template and fill in its parameters; the workspace page then shows the build as it runs.">
      <NewWorkspaceForm templateId={templateId} />
    </PageSection>
  );
}
