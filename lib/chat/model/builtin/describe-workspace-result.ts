/**
 * The built-in assistant's words for the results of the tools that work inside the workspace
 * (docs/chat-tools.md, "Tools that work inside the workspace"). Pure. Output and file contents go
 * in code blocks, so markdown never reads a command's output as formatting.
 */

import { failureLines, formatDuration, isResult, processesOf, type Result } from "@/lib/chat/tools/tool-results";
import { codeBlock, inlineCode } from "./markdown-code";

const str = (value: unknown) => (typeof value === "string" ? value : undefined);
const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** The words for a workspace tool's result, or undefined when `toolName` is not one of them. */
export function describeWorkspaceResult(toolName: string, output: Result, input: unknown): string | undefined {
  const given = isResult(input) ? input : {};
  switch (toolName) {
    case "execute":
      return describeExecuted(output, str(given.command));
    case "process_output":
      return describeProcessOutput(output);
    case "process_list":
      return describeProcessList(output);
    case "process_signal":
      return describeSignal(output);
    case "read_file":
      return describeFile(output);
    case "write_file":
      return `Wrote ${plural(num(output.bytes) ?? 0, "byte")} to ${inlineCode(str(output.path) ?? "the file")}.`;
    case "edit_files":
      return describeEdits(output);
    default:
      return undefined;
  }
}

function describeExecuted(output: Result, command: string | undefined): string {
  const what = command ? inlineCode(command) : "The command";
  const printed = str(output.output) ?? "";
  const lines: string[] = [];
  const backgroundId = str(output.background_process_id);
  if (typeof output.error === "string") {
    lines.push(`${what} failed: ${failureLines(output).join("\n")}`);
  } else if (backgroundId) {
    lines.push(`${what} is still running (process ${inlineCode(backgroundId)}).`);
  } else {
    const exitCode = num(output.exit_code);
    const duration = num(output.wall_duration_ms);
    const took = duration !== undefined ? ` after ${formatDuration(duration)}` : "";
    lines.push(exitCode === undefined ? `${what} ended${took}.` : `${what} exited with code ${exitCode}${took}.`);
  }
  lines.push(...outputLines(printed, output.truncated === true, backgroundId ? "It has printed nothing yet." : "It printed nothing."));
  if (backgroundId) lines.push(`Say ${inlineCode(`stop process ${backgroundId}`)} to stop it, or ${inlineCode("what is running")} to see how it does.`);
  return lines.join("\n\n");
}

function describeProcessOutput(output: Result): string {
  const id = inlineCode(str(output.process_id) ?? "?");
  const exitCode = num(output.exit_code);
  const state = output.status === "running" ? "is still running" : exitCode === undefined ? "has ended" : `exited with code ${exitCode}`;
  return [`Process ${id} ${state}.`, ...outputLines(str(output.output) ?? "", output.truncated === true, "It printed nothing.")].join("\n\n");
}

function describeProcessList(output: Result): string {
  const processes = processesOf(output);
  if (processes.length === 0) return "No commands started from this chat are known to the workspace.";
  const lines = ["Commands started from this chat, newest first:"];
  for (const process of processes) lines.push(`- ${inlineCode(process.id)} ${inlineCode(process.command)}: ${process.state}`);
  if (processes.some((p) => p.isRunning)) lines.push("", `Say ${inlineCode("stop process <id>")} to stop one.`);
  return lines.join("\n");
}

function describeSignal(output: Result): string {
  const id = inlineCode(str(output.process_id) ?? "?");
  const signal = str(output.signal) ?? "terminate";
  if (output.delivered === true) return `Sent ${signal} to process ${id}.`;
  return `Process ${id} had already ended, so there was nothing to ${signal}.`;
}

function describeFile(output: Result): string {
  const path = inlineCode(str(output.path) ?? "the file");
  if (Array.isArray(output.entries)) {
    const entries = output.entries.filter(isResult);
    if (entries.length === 0) return `${path} is an empty folder.`;
    const names = entries.map((e) => `- ${inlineCode(`${str(e.name) ?? "?"}${e.type === "directory" ? "/" : ""}`)}`);
    return [`${path} holds:`, ...names].join("\n");
  }
  const content = str(output.content) ?? "";
  const total = num(output.total_lines);
  const shown = content === "" ? 0 : content.replace(/\n$/, "").split("\n").length;
  const lead =
    total === undefined
      ? `${path}:`
      : output.truncated === true || shown < total
        ? `${path} (${plural(shown, "line")} shown of ${total}):`
        : `${path} (${plural(total, "line")}):`;
  return content === "" ? `${path} is empty.` : [lead, codeBlock(content)].join("\n\n");
}

function describeEdits(output: Result): string {
  const files = Array.isArray(output.files) ? output.files.filter(isResult) : [];
  if (files.length === 0) return "No file was changed.";
  return files.map((file) => `Changed ${inlineCode(str(file.path) ?? "a file")}:\n\n${codeBlock(str(file.diff) ?? "", "diff")}`).join("\n\n");
}

function outputLines(printed: string, isTruncated: boolean, nothing: string): string[] {
  if (printed.trim() === "") return [nothing];
  return [codeBlock(printed), ...(isTruncated ? ["(The output was long: only its start and end are kept.)"] : [])];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
