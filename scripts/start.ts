// `npm start`: builds the app when the build is missing or older than the sources, then
// serves it with `next start` on PORT (default 3000). The server opens the database and
// applies migrations as it starts (instrumentation.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { generatePrismaClient } from "./prisma-generate";

const root = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "components", "lib", "prisma", "public", "next.config.ts", "package.json", "instrumentation.ts"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

export function buildIfNeeded(): void {
  generatePrismaClient();
  const buildId = path.join(root, ".next/BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  if (builtAt > changedAt) return;
  console.log("kiln: building the app (next build)…");
  const result = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildIfNeeded();
  const port = process.env.PORT ?? "3000";
  const server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", port], {
    cwd: root,
    stdio: ["inherit", "pipe", "inherit"],
  });
  let announced = false;
  server.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!announced && chunk.toString().includes("Ready")) {
      announced = true;
      console.log(`\nkiln: open http://localhost:${port}\n`);
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}
