import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** A network namespace with outbound access gets slirp4netns's DNS forwarder. */
const SLIRP_DNS = "10.0.2.3";

/**
 * Writes the sandbox's own /etc files: one user (uid 1000) named like the workspace owner, its
 * hostname, and a resolver only when the workspace may go out.
 */
export async function writeSandboxEtc({
  dir,
  user,
  hostname,
  network,
}: {
  dir: string;
  user: string;
  hostname: string;
  network: "none" | "outbound";
}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = {
    passwd: `root:x:0:0:root:/root:/usr/sbin/nologin\n${user}:x:1000:1000:${user}:/home/${user}:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
    group: `root:x:0:\n${user}:x:1000:\nnogroup:x:65534:\n`,
    hosts: `127.0.0.1 localhost ${hostname}\n::1 localhost\n`,
    hostname: `${hostname}\n`,
    "resolv.conf": network === "outbound" ? `nameserver ${SLIRP_DNS}\n` : "",
  };
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(path.join(dir, name), text)));
}
