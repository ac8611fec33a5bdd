import os from "node:os";
import { describe, expect, it } from "vitest";
import { readHostAddresses } from "./host-addresses";

describe.runIf(process.platform === "linux")("readHostAddresses", () => {
  it("names every address of the host's interfaces, IPv4 and IPv6, and not the loopback", async () => {
    const addresses = await readHostAddresses();
    const interfaces = Object.values(os.networkInterfaces()).flat().filter((i) => i !== undefined && !i.internal);
    expect(interfaces.length).toBeGreaterThan(0);
    for (const i of interfaces) {
      // Node writes a link-local address's scope apart (fe80::1 on eth0); ip names the bare address.
      expect(addresses).toContain(`${i!.address}/${i!.family === "IPv4" ? 32 : 128}`);
    }
    expect(addresses.filter((prefix) => prefix.startsWith("127.") || prefix.startsWith("::1/"))).toEqual([]);
  });
});
