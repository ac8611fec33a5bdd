import { config } from "@/lib/config";
import { probeSandbox, type SandboxProbe } from "./probe-sandbox";

/** The isolation workspaces get in this process; `required` = builds fail rather than run unisolated. */
export type Isolation = { mode: "sandbox" | "none"; reason?: string; required: boolean };

/** Decides from the setting and, unless it is `none`, one probe of bubblewrap. */
export async function resolveIsolation({
  setting,
  probe = () => probeSandbox(),
}: {
  setting: "auto" | "required" | "none";
  probe?: () => Promise<SandboxProbe>;
}): Promise<Isolation> {
  if (setting === "none") return { mode: "none", reason: "KILN_WORKSPACE_ISOLATION=none", required: false };
  const result = await probe();
  if (result.ok) return { mode: "sandbox", required: setting === "required" };
  return { mode: "none", reason: result.reason, required: setting === "required" };
}

const globalState = globalThis as unknown as { __kilnIsolation?: Promise<Isolation> };

/** This process's isolation, probed once (the probe costs a process start). */
export function workspaceIsolation(): Promise<Isolation> {
  globalState.__kilnIsolation ??= resolveIsolation({ setting: config().workspaceIsolation });
  return globalState.__kilnIsolation;
}

/** Replaces the probed isolation (tests of a host without the sandbox); undefined probes again. */
export function setWorkspaceIsolation(isolation: Isolation | undefined): void {
  globalState.__kilnIsolation = isolation && Promise.resolve(isolation);
}

/** The line a server or provisioner prints at start; loud when workspaces are not isolated. */
export function isolationLine(isolation: Isolation): string {
  if (isolation.mode === "sandbox") return "kiln: workspaces run in a bubblewrap sandbox";
  const line = `kiln: WARNING: WORKSPACES ARE NOT ISOLATED (${isolation.reason ?? "unknown reason"}): their scripts run as this server's user and can read its data folder and environment`;
  return isolation.required ? `${line}; KILN_WORKSPACE_ISOLATION=required, so builds will fail` : line;
}
