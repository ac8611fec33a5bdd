import { PageSection } from "@/components/ui/page-section";
import { WorkspaceList } from "@/components/workspaces/workspace-list";

export default function WorkspacesPage() {
  return (
    <PageSection title="Workspaces">
      <WorkspaceList />
    </PageSection>
  );
}
