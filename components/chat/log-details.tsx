"use client";

import { useState, type ReactNode } from "react";

/**
 * A log folded under a summary. A log that needs a stream of its own is mounted only while open,
 * so that it opens its stream only when someone looks (a page of old tool cards must not open a
 * stream each, and browsers allow few at a time); a log already in the cache (`isCached`) stays
 * in the page, folded or not.
 */
export function LogDetails({
  summary,
  isInitiallyOpen,
  isCached,
  children,
}: {
  summary: string;
  isInitiallyOpen: boolean;
  isCached: boolean;
  children: ReactNode;
}) {
  const [isOpen, setIsOpen] = useState(isInitiallyOpen);
  return (
    <details open={isOpen} onToggle={(event) => setIsOpen(event.currentTarget.open)} className="text-sm">
      <summary className="cursor-pointer rounded-sm text-stone-700 focus-visible:outline-2 focus-visible:outline-orange-500 dark:text-stone-300">
        {summary}
      </summary>
      {isOpen || isCached ? <div className="mt-2">{children}</div> : null}
    </details>
  );
}
