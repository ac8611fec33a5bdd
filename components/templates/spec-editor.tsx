"use client";

import { useId, useRef } from "react";
import type { SpecLineIssue } from "@/lib/templates/spec-line-issues";

const LINE_HEIGHT = "1.25rem";

/**
 * A YAML textarea with line numbers; lines with a problem are marked in the gutter and the
 * problems are listed under it by line, before anything is saved. A plain textarea keeps the
 * page within its script budget and works with every keyboard and screen reader.
 */
export function SpecEditor({
  value,
  onChange,
  issues,
  readOnly = false,
  isChecking = false,
  label = "Template spec (YAML)",
}: {
  value: string;
  onChange?: (value: string) => void;
  issues: SpecLineIssue[];
  readOnly?: boolean;
  /** The checker is still loading: neither valid nor invalid yet. */
  isChecking?: boolean;
  label?: string;
}) {
  const id = useId();
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = value.split("\n").length;
  const badLines = new Set(issues.map((issue) => issue.line));
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex max-h-[32rem] overflow-hidden rounded-md border border-stone-300 bg-white font-mono text-xs dark:border-stone-700 dark:bg-stone-900">
        <div ref={gutter} aria-hidden="true" className="shrink-0 overflow-hidden border-r border-stone-200 bg-stone-50 py-2 text-right select-none dark:border-stone-800 dark:bg-stone-950">
          {Array.from({ length: lineCount }, (_, index) => (
            <div
              key={index}
              data-testid={badLines.has(index + 1) ? "spec-bad-line" : undefined}
              data-line={index + 1}
              style={{ height: LINE_HEIGHT, lineHeight: LINE_HEIGHT }}
              className={`px-2 ${badLines.has(index + 1) ? "bg-red-100 font-bold text-red-800 dark:bg-red-950 dark:text-red-300" : "text-stone-600 dark:text-stone-400"}`}
            >
              {index + 1}
            </div>
          ))}
        </div>
        <textarea
          id={id}
          value={value}
          readOnly={readOnly}
          onChange={(event) => onChange?.(event.target.value)}
          onScroll={(event) => {
            if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
          }}
          spellCheck={false}
          wrap="off"
          rows={Math.min(Math.max(lineCount + 1, 12), 25)}
          aria-invalid={issues.length > 0 ? true : undefined}
          aria-describedby={issues.length > 0 ? `${id}-issues` : undefined}
          style={{ lineHeight: LINE_HEIGHT }}
          className="min-w-0 flex-1 resize-none overflow-auto bg-transparent px-3 py-2 whitespace-pre focus-visible:outline-2 focus-visible:outline-orange-500"
        />
      </div>
      {issues.length > 0 ? (
        <ul id={`${id}-issues`} aria-live="polite" className="flex flex-col gap-1 text-sm text-red-700 dark:text-red-400">
          {issues.map((issue, index) => (
            <li key={index} data-testid="spec-issue" data-line={issue.line} data-field={issue.field}>
              Line {issue.line}: <code>{issue.field}</code> {issue.message}
            </li>
          ))}
        </ul>
      ) : isChecking ? (
        <p className="text-sm text-stone-600 dark:text-stone-400">Checking…</p>
      ) : readOnly ? null : (
        <p aria-live="polite" className="text-sm text-emerald-800 dark:text-emerald-300" data-testid="spec-valid">
          The spec is valid.
        </p>
      )}
    </div>
  );
}
