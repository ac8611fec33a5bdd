import { execFileSync } from "node:child_process";

/** Whether this process may enter another network namespace (nsenter needs CAP_SYS_ADMIN: root, as CI is). */
export function mayEnterNamespaces(): boolean {
  try {
    execFileSync("nsenter", [`--net=/proc/${process.pid}/ns/net`, "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
