import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Database drivers (PGlite's wasm, pg) and the Prisma adapters must load from
  // node_modules at run time, not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  experimental: {
    // forbidden() from next/navigation: admin pages answer members with a real 403 status
    // (app/(app)/admin/forbidden.tsx), not a 200 page that merely says so.
    authInterrupts: true,
  },
};

export default nextConfig;
