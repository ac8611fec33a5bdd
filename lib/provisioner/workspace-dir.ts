import "server-only";
import path from "node:path";
import { config } from "@/lib/config";

/** Each workspace's own folder, where its build steps and startup scripts run. */
export function workspaceDir(workspaceId: string): string {
  return path.join(config().dataDir, "workspaces", workspaceId);
}
