"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { auditLog, auditSearch } from "@/lib/audit/queries";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditEntry, type AuditFilters } from "@/lib/audit/schemas";

const MUTED = "text-stone-600 dark:text-stone-400";
const ACTION_OPTIONS = [{ value: "", label: "Any action" }, ...AUDIT_ACTIONS.map((action) => ({ value: action, label: action }))];
const TARGET_OPTIONS = [{ value: "", label: "Any target" }, ...AUDIT_TARGET_TYPES.map((type) => ({ value: type, label: type }))];

type Draft = { actor: string; action: string; targetType: string; from: string; to: string };
const EMPTY: Draft = { actor: "", action: "", targetType: "", from: "", to: "" };

/** A datetime-local value (the browser's local time) as the ISO time the API takes. */
function toIso(local: string): string | undefined {
  const time = new Date(local);
  return local && !Number.isNaN(time.getTime()) ? time.toISOString() : undefined;
}

function toFilters(draft: Draft): AuditFilters {
  return {
    actor: draft.actor.trim() || undefined,
    action: (draft.action || undefined) as AuditFilters["action"],
    targetType: (draft.targetType || undefined) as AuditFilters["targetType"],
    from: toIso(draft.from),
    to: toIso(draft.to),
  };
}

/** The audit log with filters applied on submit, pages loaded by cursor, and the same view as CSV. */
export function AuditLogView() {
  const [draft, setDraft] = useState(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  const query = useInfiniteQuery(auditLog(filters));
  const edit = (next: Partial<Draft>) => setDraft((current) => ({ ...current, ...next }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(toFilters(draft));
  };
  const entries = query.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submit} aria-label="Audit filters" className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end">
        <TextField label="Actor" hint="Username" autoComplete="off" value={draft.actor} onChange={(e) => edit({ actor: e.target.value })} />
        <SelectField label="Action" options={ACTION_OPTIONS} value={draft.action} onChange={(e) => edit({ action: e.target.value })} />
        <SelectField label="Target type" options={TARGET_OPTIONS} value={draft.targetType} onChange={(e) => edit({ targetType: e.target.value })} />
        <TextField label="From" type="datetime-local" value={draft.from} onChange={(e) => edit({ from: e.target.value })} />
        <TextField label="To" type="datetime-local" value={draft.to} onChange={(e) => edit({ to: e.target.value })} />
        <div className="flex gap-2">
          <Button type="submit">Filter</Button>
          <a
            href={`/api/v1/audit?${auditSearch(filters, { format: "csv" })}`}
            download="kiln-audit.csv"
            className="inline-flex items-center rounded-md border border-stone-300 px-3 py-1.5 text-sm font-medium hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-500 dark:border-stone-700 dark:hover:bg-stone-800"
          >
            Export CSV
          </a>
        </div>
      </form>
      {query.error ? <Alert>{query.error.message}</Alert> : null}
      {query.isPending ? <p className={`text-sm ${MUTED}`}>Loading the audit log…</p> : null}
      {query.isSuccess && entries.length === 0 ? <p className={`text-sm ${MUTED}`}>No changes match.</p> : null}
      {entries.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <caption className="sr-only">Audit log, newest first</caption>
            <thead className={`text-xs uppercase ${MUTED}`}>
              <tr>
                <th scope="col" className="py-2">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Changes</th>
                <th scope="col">IP</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {query.hasNextPage ? (
        <div>
          <Button variant="secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? "Loading…" : "Load older"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

const show = (value: unknown) => (value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value));

function AuditRow({ entry }: { entry: AuditEntry }) {
  return (
    <tr data-testid="audit-row" className="border-t border-stone-200 align-top dark:border-stone-800">
      <td className="py-2 whitespace-nowrap">{new Date(entry.time).toLocaleString()}</td>
      <td className="py-2">{entry.actor?.username ?? <span className={MUTED}>system</span>}</td>
      <td className="py-2 font-mono" data-testid="audit-action">{entry.action}</td>
      <td className="py-2">
        {entry.targetType} <span className={`block font-mono text-xs ${MUTED}`}>{entry.targetId}</span>
      </td>
      <td className="py-2">
        <ul>
          {Object.entries(entry.diff).map(([field, change]) => (
            <li key={field}>
              <span className="font-medium">{field}</span>: {show(change.before)} → {show(change.after)}
            </li>
          ))}
        </ul>
      </td>
      <td className="py-2 font-mono text-xs">{entry.ip || "—"}</td>
    </tr>
  );
}
