import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { agentLifecycleReportSchema, agentManifestSchema } from "@/lib/workspace-agents/schemas";
import { AppError } from "@/lib/errors";
import {
  MAX_AGENTS,
  MAX_APPS_PER_AGENT,
  MAX_BUILD_STEPS,
  MAX_NAME_LENGTH,
  MAX_PARAMETER_OPTIONS,
  MAX_PARAMETERS,
  MAX_SCRIPT_LENGTH,
  MAX_SCRIPTS_PER_AGENT,
} from "./limits";
import { parseTemplateSpec } from "./parse-template-spec";

const times = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => make(index));

const script = (index: number) => ({ name: `s${index}`, run: "true" });
const agentWith = (fields: object) => ({ name: "main", ...fields });

/** The validations of a spec parseTemplateSpec refuses, by field. */
function refusal(spec: unknown): Record<string, string> {
  try {
    parseTemplateSpec(spec);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return Object.fromEntries((error.validations ?? []).map((validation) => [validation.field, validation.detail]));
  }
  throw new Error("expected the spec to be refused");
}

describe("template limits", () => {
  // Each spec holds exactly one more than its limit: the validation names the field and the limit.
  it.each([
    ["parameters", { parameters: times(MAX_PARAMETERS + 1, (i) => ({ name: `p${i}`, type: "string", default: "x" })) }, "spec.parameters", `at most ${MAX_PARAMETERS} parameters`],
    [
      "parameter options",
      { parameters: [{ name: "p", type: "string", options: times(MAX_PARAMETER_OPTIONS + 1, (i) => ({ name: `o${i}`, value: `v${i}` })) }] },
      "spec.parameters.0.options",
      `at most ${MAX_PARAMETER_OPTIONS} options`,
    ],
    ["build steps", { build: times(MAX_BUILD_STEPS + 1, script) }, "spec.build", `at most ${MAX_BUILD_STEPS} build steps`],
    ["agents", { agents: times(MAX_AGENTS + 1, (i) => ({ name: `a${i}` })) }, "spec.agents", `at most ${MAX_AGENTS} agents`],
    [
      "scripts per agent",
      { agents: [agentWith({ scripts: times(MAX_SCRIPTS_PER_AGENT + 1, script) })] },
      "spec.agents.0.scripts",
      `at most ${MAX_SCRIPTS_PER_AGENT} scripts per agent`,
    ],
    [
      "apps per agent",
      { agents: [agentWith({ apps: times(MAX_APPS_PER_AGENT + 1, (i) => ({ slug: `app-${i}`, port: 3000 })) })] },
      "spec.agents.0.apps",
      `at most ${MAX_APPS_PER_AGENT} apps per agent`,
    ],
    [
      "script length",
      { agents: [agentWith({ scripts: [{ name: "long", run: "x".repeat(MAX_SCRIPT_LENGTH + 1) }] })] },
      "spec.agents.0.scripts.0.run",
      `at most ${MAX_SCRIPT_LENGTH} characters`,
    ],
    ["build step length", { build: [{ name: "long", run: "x".repeat(MAX_SCRIPT_LENGTH + 1) }] }, "spec.build.0.run", `at most ${MAX_SCRIPT_LENGTH} characters`],
    [
      "script name length",
      { agents: [agentWith({ scripts: [{ name: "n".repeat(MAX_NAME_LENGTH + 1), run: "true" }] })] },
      "spec.agents.0.scripts.0.name",
      `at most ${MAX_NAME_LENGTH} characters`,
    ],
    ["agent name length", { agents: [{ name: "a".repeat(MAX_NAME_LENGTH + 1) }] }, "spec.agents.0.name", `at most ${MAX_NAME_LENGTH} characters`],
  ])("refuses a template over the limit of %s, on the field", (_, fields, field, detail) => {
    expect(refusal({ name: "big", ...fields })).toEqual({ [field]: detail });
  });

  it("accepts a template at every limit", () => {
    const spec = parseTemplateSpec({
      name: "big",
      parameters: times(MAX_PARAMETERS, (i) => ({ name: `p${i}`, type: "string", default: "x" })),
      build: times(MAX_BUILD_STEPS, script),
      agents: [
        agentWith({
          scripts: times(MAX_SCRIPTS_PER_AGENT, (i) => ({ name: "n".repeat(MAX_NAME_LENGTH - 6) + String(i).padStart(6, "0"), run: "x".repeat(100) })),
          apps: times(MAX_APPS_PER_AGENT, (i) => ({ slug: `app-${i}`, port: 3000 })),
        }),
        ...times(MAX_AGENTS - 1, (i) => ({ name: `a${i}` })),
      ],
    });
    expect(spec.agents).toHaveLength(MAX_AGENTS);
    expect(spec.agents[0]!.scripts).toHaveLength(MAX_SCRIPTS_PER_AGENT);
  });

  it("lets an agent with the most scripts a template may declare take its manifest and report every script", () => {
    const spec = parseTemplateSpec({ name: "big", agents: [agentWith({ scripts: times(MAX_SCRIPTS_PER_AGENT, script) })] });
    const scripts = spec.agents[0]!.scripts.map((declared) => ({ ...declared, id: randomUUID() }));

    const manifest = agentManifestSchema.safeParse({
      agentId: randomUUID(),
      name: "main",
      workspaceId: randomUUID(),
      workspaceName: "box",
      ownerName: "member",
      directory: "/tmp/box",
      env: {},
      scripts: scripts.map((s) => ({ id: s.id, name: s.name, script: s.run, runOnStart: s.run_on_start, timeoutSeconds: s.timeout })),
      apps: [],
      heartbeatIntervalMs: 1000,
    });
    expect(manifest.error).toBeUndefined();

    const now = new Date().toISOString();
    for (const report of [
      { state: "starting", scripts: scripts.map((s) => ({ id: s.id, status: "running", startedAt: now })) },
      { state: "ready", scripts: scripts.map((s) => ({ id: s.id, status: "succeeded", exitCode: 0, startedAt: now, endedAt: now })) },
    ]) {
      expect(agentLifecycleReportSchema.safeParse(report).error).toBeUndefined();
    }
    // And one more script than that is what neither side takes.
    const tooMany = [...scripts, { id: randomUUID() }].map((s) => ({ id: s.id, status: "running" }));
    expect(agentLifecycleReportSchema.safeParse({ state: "starting", scripts: tooMany }).success).toBe(false);
  });
});
