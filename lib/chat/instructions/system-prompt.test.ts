import { describe, expect, it } from "vitest";
import { chatSystemPrompt, SYSTEM_PROMPT } from "./system-prompt";

describe("the system prompt of real models", () => {
  it("tells them how to work in the workspace", () => {
    for (const advice of ["execute", "process_output", "read_file before you change it", "edit_files", "write_file only for new files", "run the tests again"]) {
      expect(SYSTEM_PROMPT).toContain(advice);
    }
  });

  it("adds the workspace's AGENTS.md, marked, when there is one", () => {
    expect(chatSystemPrompt({ workspaceInstructions: null })).toBe(SYSTEM_PROMPT);
    const prompt = chatSystemPrompt({ workspaceInstructions: "Use pnpm." });
    expect(prompt.startsWith(`${SYSTEM_PROMPT}\n\n`)).toBe(true);
    expect(prompt.endsWith("<agents-md>\nUse pnpm.\n</agents-md>")).toBe(true);
  });
});
