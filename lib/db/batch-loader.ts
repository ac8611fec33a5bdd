/** Most keys one batched read asks for (a bound on the statement's size). */
const MAX_BATCH = 1000;

type Waiter<V> = { resolve: (value: V | undefined) => void; reject: (error: unknown) => void };

/**
 * Gathers keys into batched reads: `load` gets each key once and answers a map; a key it leaves
 * out resolves to undefined. One read is in flight at a time and the next takes every key asked
 * for meanwhile (the first waits one turn of the event loop for company), so batches grow with the
 * load: a burst of callers (thousands of event streams opening, or all of them re-reading after a
 * pubsub reconnect) costs a few queries, not one per caller, and a lone caller waits for nobody.
 * A read starts after every caller in it asked, so none gets an answer older than its question.
 */
export function batchLoader<K, V>(load: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  let pending = new Map<K, Waiter<V>[]>();
  let isReading = false;

  const settle = (batch: Map<K, Waiter<V>[]>, keys: K[], outcome: { found: Map<K, V> } | { error: unknown }) => {
    for (const key of keys) {
      for (const waiter of batch.get(key)!) {
        if ("found" in outcome) waiter.resolve(outcome.found.get(key));
        else waiter.reject(outcome.error);
      }
    }
  };

  const flush = async () => {
    if (isReading || pending.size === 0) return;
    isReading = true;
    const batch = pending;
    pending = new Map();
    const keys = [...batch.keys()];
    try {
      for (let start = 0; start < keys.length; start += MAX_BATCH) {
        const chunk = keys.slice(start, start + MAX_BATCH);
        await load(chunk).then(
          (found) => settle(batch, chunk, { found }),
          (error: unknown) => settle(batch, chunk, { error }),
        );
      }
    } finally {
      isReading = false;
      void flush();
    }
  };

  return (key) =>
    new Promise((resolve, reject) => {
      if (pending.size === 0 && !isReading) setImmediate(() => void flush());
      const waiting = pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else pending.set(key, [{ resolve, reject }]);
    });
}
