import { infiniteQueryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { auditPageSchema, type AuditFilters } from "./schemas";

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, "list", filters] as const,
};

/** The query string of the filters that are set (empty ones are left out). */
export function auditSearch(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const entries = Object.entries({ ...filters, ...extra }).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "");
  return new URLSearchParams(entries).toString();
}

/** The log, newest first, a page at a time: each page's cursor fetches the next. */
export const auditLog = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam }) =>
      apiFetch(`/audit?${auditSearch(filters, pageParam ? { cursor: pageParam } : {})}`, auditPageSchema),
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
