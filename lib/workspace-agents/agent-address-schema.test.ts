import { describe, expect, it } from "vitest";
import { agentAddressSchema, unixSocketOf } from "./schemas";

const valid = (address: string) => agentAddressSchema.safeParse(address).success;
const channel = "/work/.kiln/ch/0b9f3c2e-6f1a-4d7e-9c1b-2a3d4e5f6a7b";

describe("agentAddressSchema (where the server may dial an agent)", () => {
  it("takes a loopback host:port or an absolute agent.sock path", () => {
    expect(valid("127.0.0.1:41234")).toBe(true);
    expect(valid("localhost:8080")).toBe(true);
    expect(valid("[::1]:8080")).toBe(true);
    expect(valid(`unix:${channel}/agent.sock`)).toBe(true);
  });

  it.each([
    ["a relative path", "unix:ch/agent.sock"],
    ["another socket name", `unix:${channel}/api.sock`],
    ["a socket of another program", "unix:/var/run/docker.sock"],
    ["a parent segment", `unix:${channel}/../other/agent.sock`],
    ["a leading parent segment", "unix:/../etc/agent.sock"],
    ["a current segment", `unix:${channel}/./agent.sock`],
    ["an empty segment", `unix:${channel}//agent.sock`],
    ["a NUL byte", `unix:${channel}\0/agent.sock`],
    ["a newline", `unix:${channel}\n/agent.sock`],
    ["a space", `unix:/tmp/a b/agent.sock`],
    ["a percent escape", `unix:/tmp/%2e%2e/agent.sock`],
    ["no path", "unix:"],
    ["a second scheme", `unix:unix:${channel}/agent.sock`],
    ["a path longer than the kernel's 107 bytes", `unix:/${"a".repeat(100)}/agent.sock`],
    ["a remote host", "10.0.2.2:3000"],
    ["a URL", "http://127.0.0.1:3000"],
  ])("refuses %s", (_what, address) => {
    expect(valid(address)).toBe(false);
  });

  it("takes a path of exactly 107 bytes and nothing longer", () => {
    const path = `/${"a".repeat(107 - "/agent.sock".length - 1)}/agent.sock`;
    expect(Buffer.byteLength(path)).toBe(107);
    expect(valid(`unix:${path}`)).toBe(true);
    expect(valid(`unix:/a${path}`)).toBe(false);
  });

  it("unixSocketOf gives the socket path of a unix: address only", () => {
    expect(unixSocketOf(`unix:${channel}/agent.sock`)).toBe(`${channel}/agent.sock`);
    expect(unixSocketOf("127.0.0.1:41234")).toBeNull();
  });
});
