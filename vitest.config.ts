import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      // Next.js resolves server-only to nothing on the server; outside Next it would throw.
      "server-only": path.join(root, "lib/testing/server-only-stub.ts"),
    },
  },
};

// Integration tests run on the embedded PGlite always, and on PostgreSQL too when
// DATABASE_URL is set (each test file gets a fresh database of its own).
const integration = (db: "pglite" | "postgres") => ({
  ...shared,
  test: {
    name: `int-${db}`,
    include: ["**/*.int.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    env: { KILN_TEST_DB: db },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**", "e2e/**", ".next/**"],
        },
      },
      integration("pglite"),
      ...(process.env.DATABASE_URL ? [integration("postgres")] : []),
    ],
  },
});
