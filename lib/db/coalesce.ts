export type InFlightReads<T> = Map<string, { startedAt: number; promise: Promise<T> }>;

/**
 * Shares one read among callers that ask for the same thing at the same time: a caller joins a
 * read of `key` in flight if it started at or after `notBefore` (the moment the caller learnt
 * of the change it must see, `performance.now()`), else starts its own. Followers of one chat
 * are woken by the same notification and read from the same cursor, so 200 open pages cost one
 * query per change, not 200 — and none of them gets a read older than its notification.
 */
export function coalesce<T>(inFlight: InFlightReads<T>, key: string, notBefore: number, read: () => Promise<T>): Promise<T> {
  const pending = inFlight.get(key);
  if (pending && pending.startedAt >= notBefore) return pending.promise;
  const entry = { startedAt: performance.now(), promise: read() };
  inFlight.set(key, entry);
  const forget = () => {
    if (inFlight.get(key) === entry) inFlight.delete(key);
  };
  entry.promise.then(forget, forget);
  return entry.promise;
}
