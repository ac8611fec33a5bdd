import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentManifestScript } from "../workspace-agents/schemas";
import { MAX_CONCURRENT_SCRIPTS, runStartupScripts } from "./script-runner";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

const script = (name: string, text: string): AgentManifestScript => ({ id: randomUUID(), name, script: text, runOnStart: true, timeoutSeconds: 30 });

describe("runStartupScripts", () => {
  it(`never runs more than ${MAX_CONCURRENT_SCRIPTS} scripts at once, and runs them all`, async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "kiln-script-runner-"));
    mkdirSync(path.join(cwd, "running"));
    mkdirSync(path.join(cwd, "seen"));
    // Each script marks itself running, counts the marks (itself included), then unmarks itself
    // before it exits: a count above the limit means more scripts ran at once than allowed.
    const scripts = Array.from({ length: MAX_CONCURRENT_SCRIPTS + 8 }, (_, index) =>
      script(`s${index}`, `touch running/${index}; ls running | wc -l > seen/${index}; sleep 1; rm running/${index}`),
    );
    const results = await runStartupScripts({ scripts, cwd, env, onLine: () => {} });

    expect(results.map((result) => result.status)).toEqual(scripts.map(() => "succeeded"));
    expect(results.map((result) => result.id)).toEqual(scripts.map((s) => s.id));
    const counts = readdirSync(path.join(cwd, "seen")).map((file) => Number(readFileSync(path.join(cwd, "seen", file), "utf8")));
    expect(counts).toHaveLength(scripts.length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(MAX_CONCURRENT_SCRIPTS);
    // They do run side by side (1 s each would otherwise take 40 s).
    expect(Math.max(...counts)).toBeGreaterThan(1);
  });

  it("cancels the scripts still waiting for a slot when the startup is aborted, without starting them", async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "kiln-script-runner-"));
    const startup = new AbortController();
    const scripts = [script("long", "sleep 30"), script("queued-1", "touch queued-1"), script("queued-2", "touch queued-2")];
    const results = await runStartupScripts({
      scripts,
      cwd,
      env,
      concurrency: 1,
      onLine: () => {},
      // The first script is running: stop the startup (after runScript has started watching).
      onProcessGroup: () => setTimeout(() => startup.abort(), 50),
      signal: startup.signal,
    });
    expect(results.map((result) => result.status)).toEqual(["canceled", "canceled", "canceled"]);
    expect(existsSync(path.join(cwd, "queued-1")) || existsSync(path.join(cwd, "queued-2"))).toBe(false);
  });
});
