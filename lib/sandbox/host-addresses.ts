import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { z } from "zod";

/**
 * The environment of the host's network tools: a PATH that finds iproute2's `ip` on Debian
 * (/usr/sbin) and older layouts (/sbin) whatever the server's PATH, and nothing else of the server's.
 */
export const SYSTEM_TOOLS_ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" } as Record<string, string> as NodeJS.ProcessEnv;

/** One entry of `ip -j route show table local type local`: an address (or a whole prefix) the host answers on. */
const localRouteSchema = z.object({ dst: z.string().min(1) });
const localRoutesSchema = z.array(localRouteSchema);

/** The sandbox's own loopback, which is not the host's: its network namespace has a loopback of its own. */
const isLoopback = (prefix: string) => prefix.startsWith("127.") || prefix === "::1/128";

function listLocalRoutes(family: "-4" | "-6"): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile("ip", ["-j", family, "route", "show", "table", "local", "type", "local"], { env: SYSTEM_TOOLS_ENV, timeout: 5000 }, (error, stdout) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return reject(new Error(code === "ENOENT" ? "iproute2 (ip) is not installed (apt-get install iproute2)" : `ip could not list the host's addresses: ${error.message}`));
      }
      // An empty table prints nothing at all (not "[]").
      const routes = localRoutesSchema.parse(stdout.trim() ? JSON.parse(stdout) : []);
      resolve(routes.map(({ dst }) => (dst.includes("/") ? dst : `${dst}/${family === "-4" ? 32 : 128}`)));
    });
  });
}

/**
 * Every address and prefix at which this host itself answers, IPv4 and IPv6, from the kernel's
 * local routing table: all interfaces' addresses, whether the interface is up or not (a docker
 * bridge without containers still answers locally; Node's os.networkInterfaces() leaves such
 * interfaces out), and local prefixes (`ip route add local 10.9.0.0/24 dev lo`). The loopback
 * is left out: inside a sandbox it is the sandbox's own.
 */
export async function readHostAddresses(): Promise<string[]> {
  // A kernel without IPv6 (ipv6.disable=1) has no such file, and `ip -6` fails there.
  const hasIpv6 = existsSync("/proc/net/if_inet6");
  const [v4, v6] = await Promise.all([listLocalRoutes("-4"), hasIpv6 ? listLocalRoutes("-6") : []]);
  // Once each: an address on two devices is listed twice, and `ip -batch` stops at the second route.
  return [...new Set([...v4, ...v6])].filter((prefix) => !isLoopback(prefix));
}
