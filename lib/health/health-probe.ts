/** What one probe found: each part "ok" or what went wrong, and the queue if the database answered. */
export type ProbeAnswer<Q> = { database: string; pubsub: string; queue?: Q };

/** The part a probe is waiting on: a probe given up names it. */
export type ProbePart = "database" | "pubsub";

export type HealthProbeOptions<Q> = {
  /** How long a caller waits for the probe in flight before it takes the last answer instead. */
  answerWithinMs: number;
  /** A probe unanswered this long means a part does not answer: the probe is given up. */
  patienceMs: number;
  /** The answer for a probe given up after `waitedSeconds` while waiting on `part` (as the probe marked it). */
  noAnswer: (waitedSeconds: number, part: ProbePart) => ProbeAnswer<Q>;
};

const DEFAULTS = {
  answerWithinMs: 100,
  patienceMs: 5000,
  noAnswer: (seconds: number, part: ProbePart) =>
    part === "database" ? { database: `no answer for ${seconds} s`, pubsub: "unknown: no database" } : { database: "ok", pubsub: `no answer for ${seconds} s` },
};

/** A probe in flight: when it started, the part it waits on, its answer to come. */
type Probing<Q> = { startedAt: number; waitingOn: ProbePart; answer: Promise<ProbeAnswer<Q>> };

/**
 * The process's one probe of its database and pubsub, shared by every healthz caller.
 *
 * On the embedded database every statement waits its turn on one connection: in a burst of
 * builds, a probe queues behind hundreds of them. A health check that waited for its own probe
 * would report the burst's length, not the server's health, and a probe per caller would only
 * lengthen the queue. So callers join the probe in flight, wait for it at most `answerWithinMs`,
 * and otherwise report the last answer. A probe unanswered for `patienceMs` is given up: it
 * answers `noAnswer` (the server is unavailable), and the next caller starts a new one, so a
 * database that comes back is seen at once even if the old probe hangs on a dead connection.
 * With no answer yet (the process's first probe), callers wait for it, as long as `patienceMs`.
 * A caller that finds no probe in flight starts one: when the database keeps up, every answer is
 * fresh.
 */
export class HealthProbe<Q> {
  private inFlight: Probing<Q> | null = null;
  private last: ProbeAnswer<Q> | null = null;
  private readonly options: HealthProbeOptions<Q>;

  constructor(
    /** Runs the checks, marking the part it waits on: a failed check is its message (a rejection counts as the database's). */
    private readonly probe: (mark: (part: ProbePart) => void) => Promise<ProbeAnswer<Q>>,
    options: Partial<HealthProbeOptions<Q>> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async read(now: Date): Promise<ProbeAnswer<Q>> {
    const current = this.inFlight ?? this.start(now);
    // With nothing to tell yet, wait for the probe itself, as long as patience allows.
    const isFirst = this.last === null;
    const waitMs = isFirst ? this.options.patienceMs : this.options.answerWithinMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(resolve, waitMs, null)));
    const answer = await Promise.race([current.answer, late]).finally(() => clearTimeout(timer));
    if (answer) return answer;
    const waitedMs = isFirst ? waitMs : now.getTime() - current.startedAt;
    return this.last !== null && waitedMs < this.options.patienceMs ? this.last : this.giveUp(current, waitedMs);
  }

  private start(now: Date): Probing<Q> {
    const entry: Probing<Q> = { startedAt: now.getTime(), waitingOn: "database", answer: Promise.resolve({ database: "", pubsub: "" }) };
    const answer = this.probe((part) => (entry.waitingOn = part)).then(
      (found) => found,
      (error: unknown): ProbeAnswer<Q> => ({ database: (error as Error).message, pubsub: "unknown: no database" }),
    );
    entry.answer = answer;
    void answer.then((found) => {
      // A probe given up meanwhile has had its say.
      if (this.inFlight !== entry) return;
      this.last = found;
      this.inFlight = null;
    });
    this.inFlight = entry;
    return entry;
  }

  /** The probe `entry` is given up: its answer is the last, and the next caller probes afresh. */
  private giveUp(entry: Probing<Q>, waitedMs: number): ProbeAnswer<Q> {
    const answer = this.options.noAnswer(Math.round(waitedMs / 1000), entry.waitingOn);
    if (this.inFlight === entry) {
      this.inFlight = null;
      this.last = answer;
    }
    return answer;
  }
}
