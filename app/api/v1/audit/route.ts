import { json, route } from "@/lib/api/route";
import { auditCsv } from "@/lib/audit/audit-csv";
import { listAuditLogs } from "@/lib/audit/list-audit-logs";
import { auditQuerySchema } from "@/lib/audit/schemas";

/** The most rows one CSV export holds; narrow the filters for older ones. */
const CSV_MAX_ROWS = 10_000;

// GET /api/v1/audit - the audit log, newest first, filtered and paged by cursor; ?format=csv exports (admins; 404 to others)
export const GET = route({ query: auditQuerySchema }, async ({ query, actor }) => {
  const { format, ...rest } = query;
  if (format === "json") return json(await listAuditLogs({ query: rest, actor }));
  const page = await listAuditLogs({ query: { ...rest, limit: CSV_MAX_ROWS }, actor });
  return new Response(auditCsv(page.entries), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="kiln-audit.csv"',
    },
  });
});
