import { IsolationWarning } from "@/components/shell/isolation-warning";
import { WorkspaceDetail } from "@/components/workspaces/workspace-detail";
import { WORKSPACE_TABS, type WorkspaceTab } from "@/components/workspaces/workspace-tab";

export default async function WorkspacePage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<{ tab?: string | string[] }>;
}) {
  const { workspaceId } = await params;
  const { tab } = await searchParams;
  const initialTab = WORKSPACE_TABS.find((known) => known === tab) as WorkspaceTab | undefined;
  return (
    <div className="flex flex-col gap-4">
      <IsolationWarning />
      <WorkspaceDetail workspaceId={workspaceId} initialTab={initialTab} />
    </div>
  );
}
