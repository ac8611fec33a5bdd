/** A secret the server answers once (a generated password, a new token): shown to copy, never again. */
export function OneTimeSecret({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      <p>{label} It is shown only this once: copy it now.</p>
      <code data-testid={testId} className="mt-1 block select-all break-all font-mono text-base">
        {value}
      </code>
    </div>
  );
}
