// Generates the Prisma client (generated/prisma) from prisma/schema.prisma when it is missing
// or older than the schema. Offline machines cannot download Prisma's schema engine, which
// the CLI fetches before `generate`; `generate` itself only needs the bundled wasm, so point
// the CLI at any existing file when no engine is there.
import { execFileSync } from "node:child_process";
import { existsSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const schema = path.join(root, "prisma/schema.prisma");
const client = path.join(root, "generated/prisma/client.ts");

export function generatePrismaClient({ force = false } = {}): void {
  if (!force && existsSync(client) && statSync(client).mtimeMs >= statSync(schema).mtimeMs) return;
  const env = { ...process.env };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
    const stub = path.join(os.tmpdir(), "kiln-prisma-engine-stub");
    if (!existsSync(stub)) writeFileSync(stub, "");
    env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
  }
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["generate"], { cwd: root, env, stdio: "inherit" });
}

if (import.meta.url === `file://${process.argv[1]}`) generatePrismaClient({ force: process.argv.includes("--force") });
