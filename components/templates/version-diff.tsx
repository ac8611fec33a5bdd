"use client";

import { diffLines } from "diff";
import { useMemo } from "react";

/** A line diff of two spec texts: removed lines with "-", added with "+", as text to copy. */
export function VersionDiff({ from, to, fromName, toName }: { from: string; to: string; fromName: string; toName: string }) {
  const lines = useMemo(
    () =>
      diffLines(from, to).flatMap((change) =>
        change.value
          .replace(/\n$/, "")
          .split("\n")
          .map((line) => ({ sign: change.added ? "+" : change.removed ? "-" : " ", line })),
      ),
    [from, to],
  );
  const changed = lines.filter((l) => l.sign !== " ").length;
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="text-sm">
        {fromName} → {toName}: {changed === 0 ? "no changes" : `${changed} changed line${changed === 1 ? "" : "s"}`}
      </figcaption>
      <pre data-testid="version-diff" tabIndex={0} aria-label={`Changes from ${fromName} to ${toName}`} className="max-h-96 overflow-auto rounded-md border border-stone-200 bg-stone-50 p-2 text-xs dark:border-stone-800 dark:bg-stone-950">
        {lines.map((l, index) => (
          <div
            key={index}
            data-sign={l.sign}
            className={l.sign === "+" ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" : l.sign === "-" ? "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200" : ""}
          >
            {l.sign} {l.line}
          </div>
        ))}
      </pre>
    </figure>
  );
}
