import { describe, expect, it } from "vitest";
import { HealthProbe, type ProbeAnswer } from "@/lib/health/health-probe";

type Answer = ProbeAnswer<number>;

/** A probe whose runs the test answers by hand, in order. */
function manualProbe() {
  const runs: ((answer: Answer) => void)[] = [];
  const fail: ((error: Error) => void)[] = [];
  const probe = () =>
    new Promise<Answer>((resolve, reject) => {
      runs.push(resolve);
      fail.push(reject);
    });
  return { probe, runs, fail };
}

const ok = (queue: number): Answer => ({ database: "ok", pubsub: "ok", queue });
const at = (ms: number) => new Date(ms);
const options = { answerWithinMs: 20, patienceMs: 5000 };

describe("HealthProbe", () => {
  it("waits for the first answer however long it takes, and shares the probe in flight", async () => {
    const { probe, runs } = manualProbe();
    const health = new HealthProbe(probe, options);
    const first = health.read(at(0));
    const second = health.read(at(10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toHaveLength(1);
    runs[0]!(ok(1));
    expect(await first).toEqual(ok(1));
    expect(await second).toEqual(ok(1));
  });

  it("answers fresh when the database keeps up: each read after an answer starts a new probe", async () => {
    const { probe, runs } = manualProbe();
    const health = new HealthProbe(probe, options);
    const first = health.read(at(0));
    runs[0]!(ok(1));
    await first;
    const second = health.read(at(1000));
    expect(runs).toHaveLength(2);
    runs[1]!(ok(2));
    expect(await second).toEqual(ok(2));
  });

  it("gives the last answer when the probe in flight is slow, without starting another", async () => {
    const { probe, runs } = manualProbe();
    const health = new HealthProbe(probe, options);
    const first = health.read(at(0));
    runs[0]!(ok(1));
    await first;
    const started = performance.now();
    expect(await health.read(at(1000))).toEqual(ok(1));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await health.read(at(4999))).toEqual(ok(1));
    expect(runs).toHaveLength(2);
    runs[1]!(ok(2));
    expect(await health.read(at(5100))).toEqual(ok(2));
  });

  it("reports a database that has not answered for patienceMs", async () => {
    const { probe, runs } = manualProbe();
    const health = new HealthProbe(probe, options);
    const first = health.read(at(0));
    runs[0]!(ok(1));
    await first;
    void health.read(at(10_000));
    expect(await health.read(at(16_000))).toEqual({ database: "no answer for 6 s", pubsub: "unknown: no database" });
    runs[1]!(ok(3));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const recovered = health.read(at(17_000));
    runs[2]!(ok(4));
    expect(await recovered).toEqual(ok(4));
  });

  it("gives up a probe that hangs, even the first, and probes afresh on the next read", async () => {
    const { probe, runs } = manualProbe();
    const health = new HealthProbe(probe, { answerWithinMs: 20, patienceMs: 50, noAnswer: (s) => ({ database: `stuck ${s}`, pubsub: "?" }) });
    expect(await health.read(at(0))).toEqual({ database: "stuck 0", pubsub: "?" });
    // The hung probe answering late changes nothing; the next read has a probe of its own.
    runs[0]!(ok(1));
    const next = health.read(at(100));
    expect(runs).toHaveLength(2);
    runs[1]!(ok(2));
    expect(await next).toEqual(ok(2));
  });

  it("names the part the given-up probe itself waited on, not that of a later probe", async () => {
    const marks: ((part: "database" | "pubsub") => void)[] = [];
    const hang = new Promise<Answer>(() => {});
    const health = new HealthProbe((mark) => (marks.push(mark), hang), { answerWithinMs: 20, patienceMs: 50 });
    const first = health.read(at(0));
    marks[0]!("pubsub");
    expect(await first).toEqual({ database: "ok", pubsub: "no answer for 0 s" });
    // A new probe stuck on the database; the old one moving on meanwhile does not change its answer.
    const second = health.read(at(100));
    marks[1]!("database");
    marks[0]!("pubsub");
    expect(await second).toEqual({ database: "ok", pubsub: "no answer for 0 s" });
    expect(await health.read(at(200))).toEqual({ database: "no answer for 0 s", pubsub: "unknown: no database" });
  });

  it("turns a probe that throws into the database's answer, and probes again next time", async () => {
    const { probe, runs, fail } = manualProbe();
    const health = new HealthProbe(probe, options);
    const first = health.read(at(0));
    fail[0]!(new Error("connection refused"));
    expect(await first).toEqual({ database: "connection refused", pubsub: "unknown: no database" });
    const second = health.read(at(1));
    runs[1]!(ok(5));
    expect(await second).toEqual(ok(5));
  });
});
