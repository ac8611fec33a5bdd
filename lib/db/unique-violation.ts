import { Prisma } from "@/generated/prisma/client";

/** The columns of a unique-constraint violation (P2002), or null for any other error. */
export function uniqueViolationFields(error: unknown): string[] | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return null;
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } | undefined;
  const fields = meta?.target ?? meta?.driverAdapterError?.cause?.constraint?.fields;
  if (Array.isArray(fields)) return fields.map(String);
  if (typeof fields === "string") return [fields];
  return [];
}
