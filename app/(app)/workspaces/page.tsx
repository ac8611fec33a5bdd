import Link from "next/link";
import { PageSection } from "@/components/ui/page-section";
import { WorkspaceList } from "@/components/workspaces/workspace-list";

export default function WorkspacesPage() {
  return (
    <PageSection title="Workspaces">
      <div>
        <Link href="/workspaces/new" className="inline-flex rounded-md bg-orange-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-orange-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-500">
          New workspace
        </Link>
      </div>
      <WorkspaceList />
    </PageSection>
  );
}
