import type { User as UserRow } from "@/generated/prisma/client";
import type { User } from "./schemas";

/** The API's view of a user: never the password hash. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
  };
}
