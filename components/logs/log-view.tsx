"use client";

import { useEffect, useLayoutEffect, useRef } from "react";
import { AnsiLine } from "./ansi-line";

export type LogLine = { id: number; output: string; level: string; stage?: string };

/** Within this many pixels of the bottom counts as "following". */
const FOLLOW_SLACK_PX = 24;

/**
 * A terminal-like log. It follows the bottom as lines arrive unless the reader scrolled up;
 * lines far off screen skip layout (content-visibility), so long builds stay fast.
 */
export function LogView({
  lines,
  label,
  emptyText = "No output yet.",
  showStages = false,
  testId,
}: {
  lines: readonly LogLine[];
  label: string;
  emptyText?: string;
  showStages?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const isFollowing = useRef(true);

  useEffect(() => {
    const element = ref.current;
    const content = contentRef.current;
    if (!element || !content) return;
    const onScroll = () => {
      isFollowing.current = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_SLACK_PX;
    };
    element.addEventListener("scroll", onScroll, { passive: true });
    // A new line is laid out at its placeholder size (contain-intrinsic-size) and only takes its
    // real height once rendered, after the layout effect below has scrolled; a line with a stage
    // heading is taller than the placeholder, so the bottom would end up out of view. Following
    // the content's size catches that growth (and any re-wrap when the width changes).
    const observer = new ResizeObserver(() => {
      if (isFollowing.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(content);
    return () => {
      element.removeEventListener("scroll", onScroll);
      observer.disconnect();
    };
  }, []);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element && isFollowing.current) element.scrollTop = element.scrollHeight;
  }, [lines.length]);

  return (
    <div
      ref={ref}
      role="log"
      aria-label={label}
      aria-live="off"
      tabIndex={0}
      data-testid={testId}
      className="max-h-96 overflow-auto rounded-md bg-stone-950 p-3 font-mono text-xs leading-5 text-stone-200 focus-visible:outline-2 focus-visible:outline-orange-500"
    >
      <div ref={contentRef}>
        {lines.length === 0 ? <p className="text-stone-400">{emptyText}</p> : null}
        {lines.map((line, index) => {
          const isNewStage = showStages && line.stage && line.stage !== lines[index - 1]?.stage;
          return (
            <div key={line.id} className="[content-visibility:auto] [contain-intrinsic-size:auto_20px]">
              {isNewStage ? <div className="mt-1 font-semibold text-orange-300">{line.stage}</div> : null}
              <div data-log-line className={`whitespace-pre-wrap break-all ${line.level === "error" ? "text-red-300" : ""}`}>
                <AnsiLine text={line.output} />
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
