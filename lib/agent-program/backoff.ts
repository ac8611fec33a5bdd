/** Waits `ms`, or less if the signal aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

export type RetryOptions = {
  /** Stops retrying: the last error is thrown. */
  signal?: AbortSignal;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Errors for which another attempt cannot help end the retries at once. */
  isRetryable?: (error: unknown) => boolean;
  /** Called before each wait, with the failure and how many attempts failed so far. */
  onRetry?: (error: unknown, failures: number) => void;
};

/**
 * Runs `attempt` until it succeeds, waiting longer after each failure (doubling up to
 * `maxDelayMs`, with some jitter so that many agents restarted together do not retry together).
 */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { signal, initialDelayMs = 200, maxDelayMs = 5000, isRetryable = () => true, onRetry } = options;
  let delay = initialDelayMs;
  for (let failures = 1; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      if (signal?.aborted || !isRetryable(error)) throw error;
      onRetry?.(error, failures);
      await sleep(delay * (0.8 + Math.random() * 0.4), signal);
      if (signal?.aborted) throw error;
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}
