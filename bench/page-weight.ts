// Benchmark: the first-load JavaScript of every page, gzip-compressed, from a `next build`'s
// manifests (Next 16 with Turbopack no longer prints the sizes). A page's first load is the
// root main files every page gets (.next/build-manifest.json) and the chunks of its layouts and
// page (the `entryJSFiles` of its client reference manifest), each counted once.
// Goal (issue 15): ≤ 250 KB gzip per page. Not a test; run by hand after `npm run build`:
//   node --import tsx bench/page-weight.ts [.next] [--json]
// Exits 1 when a page is over the goal, so that it can gate a CI job.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { z } from "zod";

const GOAL_KB = 250;
const nextDir = path.resolve(process.argv.slice(2).find((arg) => !arg.startsWith("--")) ?? ".next");
const asJson = process.argv.includes("--json");

const buildManifestSchema = z.object({ rootMainFiles: z.array(z.string()) });
const clientManifestSchema = z.object({ entryJSFiles: z.record(z.string(), z.array(z.string())) });

/** Every `page_client-reference-manifest.js` under the server app folder, with its route. */
function pageManifests(directory: string, route = ""): { route: string; file: string }[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) {
      // Route groups "(app)" and the API are not part of a page's URL / not pages.
      if (route === "" && name === "api") return [];
      return pageManifests(full, /^\(.*\)$/.test(name) ? route : `${route}/${name}`);
    }
    return name === "page_client-reference-manifest.js" ? [{ route: route || "/", file: full }] : [];
  });
}

/** The manifest file assigns into globalThis.__RSC_MANIFEST; run it in a sandbox to read it. */
function readClientManifest(file: string) {
  const sandbox = { globalThis: {} as { __RSC_MANIFEST?: Record<string, unknown> } };
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
  const [manifest] = Object.values(sandbox.globalThis.__RSC_MANIFEST ?? {});
  return clientManifestSchema.parse(manifest);
}

const gzipSizes = new Map<string, number>();
function gzipSize(chunk: string): number {
  let size = gzipSizes.get(chunk);
  if (size === undefined) {
    size = gzipSync(readFileSync(path.join(nextDir, chunk)), { level: 9 }).length;
    gzipSizes.set(chunk, size);
  }
  return size;
}

const { rootMainFiles } = buildManifestSchema.parse(JSON.parse(readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")));
const pages = pageManifests(path.join(nextDir, "server", "app"))
  .filter(({ route }) => !route.startsWith("/_"))
  .map(({ route, file }) => {
    const chunks = new Set([...rootMainFiles, ...Object.values(readClientManifest(file).entryJSFiles).flat()]);
    const bytes = [...chunks].filter((chunk) => chunk.endsWith(".js")).reduce((sum, chunk) => sum + gzipSize(chunk), 0);
    return { route, kb: Math.round((bytes / 1024) * 10) / 10, chunks: chunks.size };
  })
  .sort((a, b) => a.route.localeCompare(b.route));

if (asJson) {
  console.log(JSON.stringify({ goalKb: GOAL_KB, pages }, null, 2));
} else {
  console.log(`First-load JS per page (gzip, goal ≤ ${GOAL_KB} KB), from ${nextDir}`);
  for (const page of pages) {
    console.log(`${page.kb > GOAL_KB ? "OVER" : "  ok"}  ${page.kb.toFixed(1).padStart(7)} KB  ${String(page.chunks).padStart(2)} chunks  ${page.route}`);
  }
}
if (pages.length === 0) throw new Error(`no page manifests under ${nextDir}/server/app: run \`npm run build\` first`);
process.exitCode = pages.some((page) => page.kb > GOAL_KB) ? 1 : 0;
