import { IsolationWarning } from "@/components/shell/isolation-warning";
import { WorkspaceDetail } from "@/components/workspaces/workspace-detail";

export default async function WorkspacePage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  return (
    <div className="flex flex-col gap-4">
      <IsolationWarning />
      <WorkspaceDetail workspaceId={workspaceId} />
    </div>
  );
}
