// Configuration for the official Prisma CLI (where it can download its engine).
// Kiln applies the same migrations itself at start: see lib/db/migrate.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgres://localhost:5432/kiln" },
});
