import { notFound } from "next/navigation";
import { AuditLogView } from "@/components/admin/audit-log-view";
import { PageSection } from "@/components/ui/page-section";
import { isAdmin } from "@/lib/auth/actor";
import { requirePageActor } from "@/lib/auth/page-actor";

export default async function AdminAuditPage() {
  // A 404 for members, not the 403 of other admin pages: the log's existence is not theirs to know (issue 15).
  if (!isAdmin(await requirePageActor())) notFound();
  return (
    <PageSection title="Audit log" description="Every admin change, workspace build and changing chat tool call, with who made it and from where.">
      <AuditLogView />
    </PageSection>
  );
}
