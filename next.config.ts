import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Database drivers (PGlite's wasm, pg) and the Prisma adapters must load from
  // node_modules at run time, not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
};

export default nextConfig;
