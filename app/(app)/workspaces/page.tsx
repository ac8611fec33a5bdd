export default function WorkspacesPage() {
  return (
    <section aria-labelledby="workspaces-heading">
      <h1 id="workspaces-heading" className="text-lg font-semibold">
        Workspaces
      </h1>
      <p className="mt-2 text-sm text-stone-600 dark:text-stone-400">You have no workspaces yet.</p>
    </section>
  );
}
