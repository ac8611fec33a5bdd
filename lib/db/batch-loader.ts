/** Most keys one batched read asks for (a bound on the statement's size). */
const MAX_BATCH = 1000;

/**
 * Gathers the keys asked for within one turn of the event loop into one read: `load` gets each
 * key once and answers a map; a key it leaves out resolves to undefined. A burst of callers
 * (thousands of event streams opening, or all of them re-reading after a pubsub reconnect) costs
 * one query per batch instead of one per caller. The read starts after every caller in it asked,
 * so none of them gets an answer older than its question.
 */
export function batchLoader<K, V>(load: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  let pending = new Map<K, { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[]>();
  const flush = () => {
    const batch = pending;
    pending = new Map();
    const keys = [...batch.keys()];
    for (let start = 0; start < keys.length; start += MAX_BATCH) {
      const chunk = keys.slice(start, start + MAX_BATCH);
      load(chunk).then(
        (found) => {
          for (const key of chunk) for (const { resolve } of batch.get(key)!) resolve(found.get(key));
        },
        (error: unknown) => {
          for (const key of chunk) for (const { reject } of batch.get(key)!) reject(error);
        },
      );
    }
  };
  return (key) =>
    new Promise((resolve, reject) => {
      if (pending.size === 0) setImmediate(flush);
      const waiting = pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else pending.set(key, [{ resolve, reject }]);
    });
}
