import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/** Chromium from Debian (Playwright's own download cannot happen offline). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT ?? 3210);

// One fresh embedded database per run, shared by the runner and its workers through the env.
process.env.KILN_E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "kiln-e2e-"));

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  // Agents are detached processes that outlive the server by design; stop the run's ones.
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    // Setup through the UI needs a site with no users, so it runs before everything else.
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "app", testIgnore: /first-run\.spec\.ts/, dependencies: ["first-run"] },
  ],
  webServer: {
    // Production server, as users run it: `npm start`'s own entry, the custom server that also
    // serves workspace apps on their hosts (npm test builds first; it builds when stale).
    command: "node --import tsx scripts/start.ts",
    url: `http://localhost:${port}/api/v1/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // PORT also makes the agents' URL (KILN_ACCESS_URL's default) this server's, not :3000's.
    env: { KILN_DATA_DIR: process.env.KILN_E2E_DATA_DIR, DATABASE_URL: "", PORT: String(port) },
  },
});
