import { CreateUserForm } from "@/components/admin/create-user-form";
import { UsersTable } from "@/components/admin/users-table";
import { PageSection } from "@/components/ui/page-section";
import { requirePageAdmin } from "@/lib/auth/page-actor";

export default async function AdminUsersPage() {
  await requirePageAdmin();
  return (
    <div className="flex flex-col gap-8">
      <PageSection
        title="Users"
        description="Suspending a user signs them out at once, refuses their API tokens and stops their workspaces. The last active admin cannot be demoted or suspended."
      >
        <UsersTable />
      </PageSection>
      <section aria-labelledby="new-user-heading" className="flex flex-col gap-3">
        <h2 id="new-user-heading" className="text-base font-semibold">
          New user
        </h2>
        <CreateUserForm />
      </section>
    </div>
  );
}
