import { describe, expect, it } from "vitest";
import type { WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import { buildTimeline, formatDuration, layoutTimeline } from "./build-timeline";
import type { WorkspaceBuild } from "./schemas";

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const iso = (ms: number) => new Date(T0 + ms).toISOString();

function build(overrides: Partial<WorkspaceBuild> = {}, job: Partial<WorkspaceBuild["job"]> = {}): WorkspaceBuild {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    workspaceId: "00000000-0000-4000-8000-000000000002",
    buildNumber: 1,
    transition: "start",
    status: "succeeded",
    parameters: [],
    createdAt: iso(0),
    stepCount: 2,
    job: {
      id: "00000000-0000-4000-8000-000000000003",
      status: "succeeded",
      error: null,
      errorCode: null,
      createdAt: iso(0),
      startedAt: iso(400),
      completedAt: iso(5_000),
      ...job,
    },
    timings: [
      { stage: "install", startedAt: iso(500), endedAt: iso(3_500), exitCode: 0 },
      { stage: "compile", startedAt: iso(3_600), endedAt: iso(4_900), exitCode: 0 },
    ],
    ...overrides,
  };
}

function agent(overrides: Partial<WorkspaceAgent> = {}): WorkspaceAgent {
  return {
    id: "00000000-0000-4000-8000-000000000004",
    name: "main",
    status: "connected",
    lifecycleState: "ready",
    displayOrder: 0,
    isChat: true,
    address: null,
    firstConnectedAt: iso(6_000),
    lastConnectedAt: iso(6_000),
    disconnectedAt: null,
    startedAt: iso(6_000),
    readyAt: iso(9_000),
    createdAt: iso(4_900),
    connectionTimeoutSeconds: 120,
    apps: [],
    scripts: [
      { id: "00000000-0000-4000-8000-000000000005", name: "serve", runOnStart: true, timeoutSeconds: 0, status: "succeeded", exitCode: 0, startedAt: iso(6_100), endedAt: iso(9_000) },
      { id: "00000000-0000-4000-8000-000000000006", name: "manual", runOnStart: false, timeoutSeconds: 0, status: "pending", exitCode: null, startedAt: null, endedAt: null },
    ],
    ...overrides,
  };
}

describe("buildTimeline", () => {
  it("has one phase per stage with the stored durations", () => {
    const timeline = buildTimeline({ build: build(), agents: [agent()], now: new Date(T0 + 20_000) });
    expect(timeline.phases.map((p) => [p.kind, p.label, p.startMs, p.endMs, p.failed])).toEqual([
      ["queued", "queued", 0, 400, false],
      ["step", "install", 500, 3_500, false],
      ["step", "compile", 3_600, 4_900, false],
      ["agent", "main: connect", 5_000, 6_000, false],
      // A script that never ran has no bar.
      ["script", "main: serve", 6_100, 9_000, false],
    ]);
    expect(timeline.totalMs).toBe(9_000);
  });

  it("marks the failing step and leaves out agents of a failed build that never connected", () => {
    const failed = build(
      {
        status: "failed",
        timings: [
          { stage: "install", startedAt: iso(500), endedAt: iso(1_000), exitCode: 0 },
          { stage: "compile", startedAt: iso(1_100), endedAt: iso(2_000), exitCode: 2 },
        ],
      },
      { status: "failed", completedAt: iso(2_050) },
    );
    const timeline = buildTimeline({ build: failed, agents: [agent({ firstConnectedAt: null, scripts: [] })], now: new Date(T0 + 9_999) });
    expect(timeline.phases.filter((p) => p.failed).map((p) => p.label)).toEqual(["compile"]);
    expect(timeline.phases.some((p) => p.kind === "agent")).toBe(false);
  });

  it("lets running phases reach now, and closes a step left open by an ended job with the job", () => {
    const running = build({ status: "running", timings: [{ stage: "install", startedAt: iso(500), endedAt: null, exitCode: null }] }, { status: "running", completedAt: null });
    const timeline = buildTimeline({ build: running, agents: [], now: new Date(T0 + 7_000) });
    expect(timeline.phases.at(-1)).toMatchObject({ label: "install", endMs: null, failed: false });
    expect(timeline.totalMs).toBe(7_000);

    const crashed = build({ status: "failed", timings: [{ stage: "install", startedAt: iso(500), endedAt: null, exitCode: null }] }, { status: "failed", completedAt: iso(800) });
    expect(buildTimeline({ build: crashed, agents: [], now: new Date(T0 + 7_000) }).phases.at(-1)).toMatchObject({ endMs: 800, failed: true });
  });

  it("shows a job still waiting in the queue as a running queued bar", () => {
    const queued = build({ status: "pending", timings: [] }, { status: "pending", startedAt: null, completedAt: null });
    const timeline = buildTimeline({ build: queued, agents: [], now: new Date(T0 + 1_500) });
    expect(timeline.phases).toEqual([{ kind: "queued", label: "queued", startMs: 0, endMs: null, failed: false }]);
    expect(timeline.totalMs).toBe(1_500);
  });
});

describe("layoutTimeline", () => {
  it("scales bars to the width, with a minimum width for short phases", () => {
    const timeline = buildTimeline({ build: build(), agents: [], now: new Date(T0 + 5_000) });
    const bars = layoutTimeline({ timeline, width: 500, now: 5_000, minWidth: 3 });
    // totalMs is 4 900 (compile's end): 500 / 4 900 units per ms.
    const scale = 500 / 4_900;
    expect(bars[1]).toMatchObject({ label: "install", x: 500 * scale, width: 3_000 * scale, durationMs: 3_000, running: false });
    expect(bars[0]!.width).toBeCloseTo(400 * scale);
    const tiny = layoutTimeline({ timeline: { phases: [{ kind: "step", label: "x", startMs: 0, endMs: 1, failed: false }], totalMs: 10_000 }, width: 100, now: 0, minWidth: 3 });
    expect(tiny[0]!.width).toBe(3);
    expect(Math.max(...bars.map((b) => b.x + b.width))).toBeCloseTo(500);
  });
});

describe("formatDuration", () => {
  it.each([
    [850, "850 ms"],
    [12_340, "12.3 s"],
    [125_000, "2 min 5 s"],
  ])("%d ms reads %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});
