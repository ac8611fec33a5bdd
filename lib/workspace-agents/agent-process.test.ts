import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { setConfig } from "@/lib/config";
import { SpawnFailedError } from "@/lib/processes/spawn-failure";
import { startAgentProcess } from "./agent-process";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "kiln-agent-process-"));

beforeAll(() => setConfig({ dataDir }));

describe("startAgentProcess", () => {
  it("says the agent could not start when Node refuses to spawn it, and leaves no pid file", async () => {
    const agentId = "00000000-0000-4000-8000-00000000000a";
    const started = startAgentProcess({
      agentId,
      // Node refuses a NUL byte in the environment before any process exists.
      token: "tok\0en",
      directory: path.join(dataDir, "workspace"),
      serverUrl: "http://127.0.0.1:1",
    });
    await expect(started).rejects.toBeInstanceOf(SpawnFailedError);
    await expect(started).rejects.toThrow(/^could not start: .*null bytes/);
    expect(existsSync(path.join(dataDir, "agents", `${agentId}.pid`))).toBe(false);
  });
});
