import type { Organization as OrganizationRow } from "@/generated/prisma/client";
import type { Organization } from "./schemas";

export function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    displayName: row.displayName,
    isDefault: row.isDefault,
    createdAt: row.createdAt.toISOString(),
  };
}
