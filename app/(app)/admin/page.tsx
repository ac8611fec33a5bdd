import { AdminOnly } from "@/components/admin/admin-only";
import { requirePageActor } from "@/lib/auth/page-actor";

export default async function AdminPage() {
  const actor = await requirePageActor();
  return (
    <AdminOnly actor={actor}>
      <h1 className="text-lg font-semibold">Admin</h1>
      <p className="mt-2 text-sm text-stone-600 dark:text-stone-400">Site administration.</p>
    </AdminOnly>
  );
}
