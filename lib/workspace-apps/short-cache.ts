/**
 * Remembers async answers for `ttlMs` (a promise, so concurrent misses share one lookup), at most
 * `max` keys (the oldest go first). Failures are not kept. Time is injected for the tests.
 */
export function shortCache<T>({ ttlMs, max, now = () => Date.now() }: { ttlMs: number; max: number; now?: () => number }) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string, load: () => Promise<T>): Promise<T> => {
    const at = now();
    const hit = entries.get(key);
    if (hit && at - hit.at < ttlMs) return hit.value;
    entries.delete(key);
    const value = load();
    value.catch(() => entries.delete(key));
    entries.set(key, { at, value });
    if (entries.size > max) entries.delete(entries.keys().next().value!);
    return value;
  };
}
