// `npm test`: lint and type-check, Vitest (unit; integration on PGlite, and on PostgreSQL
// when DATABASE_URL is set), a production build, then Playwright in Chromium against
// `next start`. Stops at the first failing stage.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { generatePrismaClient } from "./prisma-generate";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

function stage(title: string, command: string, args: string[]): void {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
  console.log(`=== ${title}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const skipE2e = process.argv.includes("--no-e2e");
if (!skipE2e && !existsSync(chromium)) {
  console.error(
    `No Chromium at ${chromium}. The browser tests need it: install Debian's (apt-get install -y chromium) ` +
      `or set CHROMIUM_PATH to a Chromium or Chrome binary. (npm test -- --no-e2e skips them.)`,
  );
  process.exit(1);
}

generatePrismaClient();
console.log(process.env.DATABASE_URL ? "Integration tests: PGlite and PostgreSQL" : "Integration tests: PGlite (set DATABASE_URL to add PostgreSQL)");
stage("lint", bin("eslint"), ["--max-warnings=0", "."]);
stage("typecheck", bin("tsc"), ["--noEmit"]);
stage("vitest", bin("vitest"), ["run"]);
if (!skipE2e) {
  stage("next build", bin("next"), ["build"]);
  stage("playwright", bin("playwright"), ["test"]);
}
