import { execFile } from "node:child_process";
import { SYSTEM_TOOLS_ENV } from "./host-addresses";

/**
 * Whether this process may enter another network namespace: nsenter is there and allowed
 * (CAP_SYS_ADMIN: root, as on these machines and in CI). Tried once for real, into its own.
 */
export function mayEnterNamespaces(): Promise<boolean> {
  return new Promise((resolve) =>
    execFile("nsenter", [`--net=/proc/${process.pid}/ns/net`, "true"], { env: SYSTEM_TOOLS_ENV, timeout: 5000 }, (error) => resolve(!error)),
  );
}
