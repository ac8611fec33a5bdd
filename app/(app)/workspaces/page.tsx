import { WorkspaceList } from "@/components/workspaces/workspace-list";

export default function WorkspacesPage() {
  return (
    <section aria-labelledby="workspaces-heading" className="flex flex-col gap-4">
      <h1 id="workspaces-heading" className="text-lg font-semibold">
        Workspaces
      </h1>
      <WorkspaceList />
    </section>
  );
}
