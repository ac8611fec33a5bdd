import { useId, type ReactNode } from "react";

/** A page's main section: its heading (which labels the section), an optional lead, the content. */
export function PageSection({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="flex flex-col gap-4">
      <div>
        <h1 id={id} className="text-lg font-semibold">
          {title}
        </h1>
        {description ? <p className="mt-2 text-sm text-stone-600 dark:text-stone-400">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}
