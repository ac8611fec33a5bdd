import { describe, expect, it } from "vitest";
import { describeToolResult } from "./describe-tool-result";
import { codeBlock, inlineCode } from "./markdown-code";

const ok = (toolName: string, output: unknown, input: unknown = {}) => describeToolResult({ toolName, output, isError: false, input });

describe("the built-in assistant's words for workspace tool results", () => {
  it("execute: the command, its exit code and duration, the output in a code block", () => {
    const text = ok("execute", { success: true, output: "v20.20.0\n", exit_code: 0, wall_duration_ms: 42 }, { command: "node -v" });
    expect(text).toBe("`node -v` exited with code 0 after 42 ms.\n\n```\nv20.20.0\n```");
  });

  it("execute: a failing command, a long one, nothing printed, truncated output", () => {
    expect(ok("execute", { success: false, output: "", exit_code: 2, wall_duration_ms: 3400 }, { command: "false" })).toBe(
      "`false` exited with code 2 after 3.4 s.\n\nIt printed nothing.",
    );
    expect(ok("execute", { success: false, output: "a\nb", exit_code: 1, wall_duration_ms: 5, truncated: true })).toContain(
      "(The output was long: only its start and end are kept.)",
    );
  });

  it("execute: still running in the background says how to stop it", () => {
    const text = ok(
      "execute",
      { success: true, output: "", exit_code: null, wall_duration_ms: 10000, background_process_id: "p1", note: "still running; use process_output" },
      { command: "sleep 30; echo done" },
    );
    expect(text).toBe(
      "`sleep 30; echo done` is still running (process `p1`).\n\nIt has printed nothing yet.\n\nSay `stop process p1` to stop it, or `what is running` to see how it does.",
    );
  });

  it("execute: a structured failure keeps what was printed", () => {
    const text = ok("execute", { success: false, output: "partial", exit_code: null, wall_duration_ms: 1, error: "the agent went away" }, { command: "x" });
    expect(text).toBe("`x` failed: the agent went away.\n\n```\npartial\n```");
  });

  it("output holding backticks cannot close its code block", () => {
    const text = ok("execute", { success: true, output: "```\n<b>hi</b>", exit_code: 0, wall_duration_ms: 1 }, { command: "cat x" });
    expect(text).toContain("````\n```\n<b>hi</b>\n````");
  });

  it("read_file: the content with its line count; a part of a file; a folder", () => {
    expect(ok("read_file", { path: "notes.txt", content: "hello\n", total_lines: 1, truncated: false })).toBe("`notes.txt` (1 line):\n\n```\nhello\n```");
    expect(ok("read_file", { path: "src/index.js", content: "a\nb\n", total_lines: 40, truncated: false })).toMatch(/^`src\/index.js` \(2 lines shown of 40\):/);
    expect(ok("read_file", { path: "empty.txt", content: "", total_lines: 0, truncated: false })).toBe("`empty.txt` is empty.");
    expect(ok("read_file", { path: "src", entries: [{ name: "lib", type: "directory", size: 0 }, { name: "a.js", type: "file", size: 3 }] })).toBe(
      "`src` holds:\n- `lib/`\n- `a.js`",
    );
  });

  it("write_file, edit_files, process_signal", () => {
    expect(ok("write_file", { path: "notes.txt", bytes: 6 })).toBe("Wrote 6 bytes to `notes.txt`.");
    expect(ok("edit_files", { files: [{ path: "notes.txt", diff: "--- a/notes.txt\n+++ b/notes.txt\n@@ -1 +1 @@\n-hello\n+hi\n" }] })).toBe(
      "Changed `notes.txt`:\n\n```diff\n--- a/notes.txt\n+++ b/notes.txt\n@@ -1 +1 @@\n-hello\n+hi\n```",
    );
    expect(ok("process_signal", { process_id: "p1", signal: "terminate", delivered: true })).toBe("Sent terminate to process `p1`.");
    expect(ok("process_signal", { process_id: "p1", signal: "kill", delivered: false })).toBe("Process `p1` had already ended, so there was nothing to kill.");
  });

  it("process_list: each command and its state, newest first", () => {
    const text = ok("process_list", {
      processes: [
        { process_id: "p2", command: "sleep 30", status: "running" },
        { process_id: "p1", command: "npm test", status: "exited", exit_code: 1 },
      ],
    });
    expect(text).toBe(
      "Commands started from this chat, newest first:\n- `p2` `sleep 30`: running\n- `p1` `npm test`: exited with code 1\n\nSay `stop process <id>` to stop one.",
    );
    expect(ok("process_list", { processes: [] })).toBe("No commands started from this chat are known to the workspace.");
  });

  it("text errors name what could not be done, with a hint", () => {
    const text = describeToolResult({ toolName: "execute", output: "workspace is stopped; use start_workspace to start it", isError: true });
    expect(text).toBe("I couldn't run the command: workspace is stopped; use start_workspace to start it.\n\nSay `start my workspace` to start it.");
  });
});

describe("markdown code", () => {
  it("fences and inline code grow past the backticks inside", () => {
    expect(codeBlock("a``b")).toBe("```\na``b\n```");
    expect(codeBlock("x\n````")).toBe("`````\nx\n````\n`````");
    expect(inlineCode("ls -la")).toBe("`ls -la`");
    expect(inlineCode("echo `x`")).toBe("`` echo `x` ``");
  });
});
