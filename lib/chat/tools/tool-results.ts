// Reading tool results (shapes in docs/chat-tools.md) without trusting them: a stored result may come
// from an older version or a model's call, so every field is checked before use. Shared by the
// page's tool cards and the built-in assistant's wording, which must not depend on each other.

/** A tool result object, fields unchecked. */
export type Result = Record<string, unknown>;

export type TemplateSummary = { id: string; name: string; display_name?: string; description?: string; your_workspace_count?: number };

export function isResult(value: unknown): value is Result {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The templates of a list_templates result, the malformed ones left out. */
export function templatesOf(output: unknown): TemplateSummary[] {
  if (!isResult(output) || !Array.isArray(output.templates)) return [];
  return output.templates.filter(
    (t): t is TemplateSummary => isResult(t) && typeof t.id === "string" && typeof t.name === "string",
  );
}

/** "Display name (name)", or the name alone when they are the same. */
export function templateLabel(template: { name: string; display_name?: string }): string {
  return template.display_name && template.display_name !== template.name ? `${template.display_name} (${template.name})` : template.name;
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/** Messages in results have no final period (docs/chat-tools.md, "Two kinds of failure"); sentences for people do. */
export function sentence(value: string): string {
  const trimmed = value.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * A structured failure (`{error, detail?, validations?}`) as lines for people: the error, the
 * detail, then one `- field: detail` line per validation. The one reading of a refusal that the
 * tool cards and the built-in assistant share.
 */
export function failureLines(output: Result): string[] {
  const lines = [sentence(String(output.error))];
  const detail = text(output.detail);
  if (detail) lines.push(sentence(detail));
  for (const v of validationsOf(output)) lines.push(`- ${v.field}: ${v.detail}`);
  return lines;
}

/** The well-formed validations of a structured failure. */
export function validationsOf(output: Result): { field: string; detail: string }[] {
  if (!Array.isArray(output.validations)) return [];
  return output.validations.filter(isResult).map((v) => ({ field: String(v.field), detail: String(v.detail) }));
}

/** What the agent wait added to a result (docs/chat-tools.md, "Agent ready wait"), said for people. */
export type AgentNotice = {
  /** The `agent_status` or `startup_scripts` value it stands for. */
  code: string;
  text: string;
};

/**
 * The agent notice of a result, or null when the agent became ready (the wait adds nothing then).
 * A result never carries both `agent_status` and `startup_scripts`.
 */
export function agentNotice(output: unknown): AgentNotice | null {
  if (!isResult(output)) return null;
  const reason = text(output.agent_error) ?? "no details";
  switch (output.agent_status) {
    case "no_agent":
      return { code: "no_agent", text: "This workspace has no agent, so nothing runs inside it and there are no startup scripts." };
    case "selection_error":
      return { code: "selection_error", text: sentence(`The workspace's agent could not be chosen: ${reason}`) };
    case "not_ready":
      return { code: "not_ready", text: sentence(`The agent did not become reachable in time: ${reason}`) };
  }
  switch (output.startup_scripts) {
    case "startup_scripts_failed":
      return {
        code: "startup_scripts_failed",
        text: `The startup scripts failed (agent state: ${(text(output.lifecycle_state) ?? "unknown").replaceAll("_", " ")}). The startup log shows why.`,
      };
    case "startup_scripts_timeout":
      return { code: "startup_scripts_timeout", text: "The startup scripts were still running when the wait for them ended; they may finish later." };
    case "startup_scripts_unknown":
      return { code: "startup_scripts_unknown", text: "The wait for the startup scripts was stopped, so whether they finished is unknown." };
  }
  return null;
}

/** How long a command took, for people: "120 ms", "3.4 s", "42 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** A process of a process_list result, as read from it. */
export type ProcessSummary = { id: string; command: string; isRunning: boolean; exitCode: number | null; state: string };

/** The processes of a process_list result (`process_id` or the agent's `id`), the malformed ones left out. */
export function processesOf(output: unknown): ProcessSummary[] {
  if (!isResult(output) || !Array.isArray(output.processes)) return [];
  return output.processes.filter(isResult).flatMap((p) => {
    const id = text(p.process_id) ?? text(p.id);
    if (!id) return [];
    const exitCode = typeof p.exit_code === "number" ? p.exit_code : typeof p.exitCode === "number" ? p.exitCode : null;
    const isRunning = p.status === "running";
    // "gone": the workspace no longer knows it (its agent restarted).
    const state = isRunning ? "running" : exitCode !== null ? `exited with code ${exitCode}` : p.status === "gone" ? "gone" : "ended";
    return [{ id, command: typeof p.command === "string" ? p.command : "", isRunning, exitCode, state }];
  });
}
