import { LogView } from "@/components/logs/log-view";

/** A command's output lines, as text in a terminal-like view (never HTML). */
export function ProcessOutputLog({ lines, emptyText }: { lines: readonly string[]; emptyText: string }) {
  return (
    <LogView
      lines={lines.map((output, index) => ({ id: index + 1, output, level: "info" }))}
      label="Command output"
      emptyText={emptyText}
      testId="process-output"
    />
  );
}
