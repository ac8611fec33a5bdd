/** The notice a non-admin sees in place of an admin page. */
export function AdminOnlyNotice() {
  return (
    <section role="alert" className="text-sm">
      <h1 className="text-lg font-semibold">403 — Admins only</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">This page needs an admin account.</p>
    </section>
  );
}
