/** What one probe found: each part "ok" or what went wrong, and the queue if the database answered. */
export type ProbeAnswer<Q> = { database: string; pubsub: string; queue?: Q };

export type HealthProbeOptions = {
  /** How long a caller waits for the probe in flight before it takes the last answer instead. */
  answerWithinMs: number;
  /** A probe unanswered this long means the database is not answering. */
  patienceMs: number;
};

const DEFAULTS: HealthProbeOptions = { answerWithinMs: 100, patienceMs: 5000 };

/**
 * The process's one probe of its database and pubsub, shared by every healthz caller.
 *
 * On the embedded database every statement waits its turn on one connection: in a burst of
 * builds, a probe queues behind hundreds of them. A health check that waited for its own probe
 * would report the burst's length, not the server's health, and a probe per caller would only
 * lengthen the queue. So callers join the probe in flight, wait for it at most `answerWithinMs`,
 * and otherwise report the last answer — unless the probe has been waiting `patienceMs`, which
 * is a database that does not answer. With no answer yet (the process's first probe), callers
 * wait for it. A caller that finds no probe in flight starts one: when the database keeps up,
 * every answer is fresh.
 */
export class HealthProbe<Q> {
  private inFlight: { startedAt: number; answer: Promise<ProbeAnswer<Q>> } | null = null;
  private last: ProbeAnswer<Q> | null = null;

  constructor(
    /** Runs the checks: a failed check is its message (a rejection counts as the database's). */
    private readonly probe: () => Promise<ProbeAnswer<Q>>,
    private readonly options: HealthProbeOptions = DEFAULTS,
  ) {}

  async read(now: Date): Promise<ProbeAnswer<Q>> {
    const current = this.inFlight ?? this.start(now);
    if (this.last === null) return current.answer;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(resolve, this.options.answerWithinMs, null)));
    const answer = await Promise.race([current.answer, late]).finally(() => clearTimeout(timer));
    if (answer) return answer;
    const waitedMs = now.getTime() - current.startedAt;
    if (waitedMs >= this.options.patienceMs) {
      return { database: `no answer for ${Math.round(waitedMs / 1000)} s`, pubsub: "unknown: no database" };
    }
    return this.last;
  }

  private start(now: Date) {
    const entry = {
      startedAt: now.getTime(),
      answer: this.probe().then(
        (answer) => answer,
        (error: unknown): ProbeAnswer<Q> => ({ database: (error as Error).message, pubsub: "unknown: no database" }),
      ).then((answer) => {
        this.last = answer;
        if (this.inFlight === entry) this.inFlight = null;
        return answer;
      }),
    };
    this.inFlight = entry;
    return entry;
  }
}
