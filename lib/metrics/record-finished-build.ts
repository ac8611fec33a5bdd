import "server-only";
import { metrics } from "./registry";

export type BuildOutcome = "succeeded" | "failed" | "canceled";

/** Counts a finished build and its duration (from its job starting, or being queued if it never started). */
export function recordFinishedBuild({
  transition,
  outcome,
  since,
  now,
}: {
  transition: string | null;
  outcome: BuildOutcome;
  since: Date;
  now: Date;
}): void {
  const labels = { transition: transition ?? "none", outcome };
  metrics().builds.inc(labels);
  metrics().buildDuration.observe(labels, Math.max(0, now.getTime() - since.getTime()) / 1000);
}
