import type { QueryClient } from "@tanstack/react-query";
import type { LogState } from "./queries";

/**
 * Appends lines to a cached log, skipping any it already has (ids only grow), and marks it done.
 * One cache update per batch, not per line, keeps a 50k-line build cheap to render.
 */
export function appendLogLines<T extends { id: number }>(
  queryClient: QueryClient,
  queryKey: readonly unknown[],
  lines: readonly T[],
  isDone = false,
): void {
  queryClient.setQueryData<LogState<T>>(queryKey, (state = { lines: [], isDone: false }) => {
    const lastId = state.lines.at(-1)?.id ?? 0;
    const fresh = lines.filter((line) => line.id > lastId);
    if (fresh.length === 0 && (state.isDone || !isDone)) return state;
    return { lines: fresh.length ? state.lines.concat(fresh) : state.lines, isDone: state.isDone || isDone };
  });
}
