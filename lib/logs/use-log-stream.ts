"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { z } from "zod";
import { appendLogLines } from "./append-log-lines";
import type { LogState } from "./queries";

/**
 * Follows a logs endpoint over SSE and appends each line to the query cache under `queryKey`.
 * Opens in an effect, resets when the URL changes, closes on cleanup; a reconnect resumes from
 * the last line it has (EventSource sends Last-Event-ID), so no line is shown twice.
 */
export function useLogStream<T extends { id: number }>({
  url,
  queryKey,
  schema,
  onEnd,
}: {
  url: string | null;
  queryKey: readonly unknown[];
  schema: z.ZodType<T>;
  onEnd?: () => void;
}) {
  const queryClient = useQueryClient();
  const key = JSON.stringify(queryKey);
  useEffect(() => {
    if (!url) return;
    const cached = queryClient.getQueryData<LogState<T>>(JSON.parse(key));
    if (cached?.isDone) return;
    const after = cached?.lines.at(-1)?.id ?? 0;
    const source = new EventSource(`${url}${url.includes("?") ? "&" : "?"}follow=1&after=${after}`);
    // Lines arrive in bursts of hundreds: append them to the cache in one update per 50 ms,
    // not one per line, so a 50k-line build stays cheap to render.
    let pending: T[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (isDone = false) => {
      clearTimeout(timer);
      timer = undefined;
      const batch = pending;
      pending = [];
      appendLogLines(queryClient, JSON.parse(key), batch, isDone);
    };
    source.addEventListener("log", (event) => {
      const parsed = schema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (!parsed.success) return;
      pending.push(parsed.data);
      timer ??= setTimeout(() => flush(), 50);
    });
    source.addEventListener("end", () => {
      source.close();
      flush(true);
      onEnd?.();
    });
    return () => {
      source.close();
      if (pending.length) flush();
      clearTimeout(timer);
    };
    // onEnd is a notification, not a reason to reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, key, queryClient, schema]);
}
