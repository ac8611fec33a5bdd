import { afterEach, describe, expect, it, vi } from "vitest";
import { startAppHealthchecks } from "./app-healthchecks";
import { parseProcNetTcp } from "./listening-ports";
import { tunnelPort } from "./tunnel";

afterEach(() => vi.useRealTimers());

describe("startAppHealthchecks", () => {
  it("reports initializing, then unhealthy after threshold failures, then healthy on a success; only changes", async () => {
    vi.useFakeTimers();
    const answers = [false, false, false, true, true];
    const reports: string[] = [];
    const stop = startAppHealthchecks({
      apps: [
        { slug: "web", displayName: "Web", port: 3000, path: "/", healthcheck: { path: "/h", intervalSeconds: 2, threshold: 3 } },
        { slug: "plain", displayName: "Plain", port: 3000, path: "/", healthcheck: null },
      ],
      check: async ({ path, port }) => {
        expect({ path, port }).toEqual({ path: "/h", port: 3000 });
        return answers.shift() ?? true;
      },
      report: async (apps) => void reports.push(...apps.map((app) => `${app.slug}:${app.health}`)),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(reports).toEqual(["web:initializing"]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(reports).toEqual(["web:initializing"]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(reports).toEqual(["web:initializing", "web:unhealthy"]);
    await vi.advanceTimersByTimeAsync(4000);
    expect(reports).toEqual(["web:initializing", "web:unhealthy", "web:healthy"]);
    stop();
  });
});

describe("agent app routes' parsing", () => {
  it("reads LISTEN rows of /proc/net/tcp only", () => {
    const table = [
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
      "   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1",
      "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 2 1",
      "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 0 0 0 0 0 0 0",
    ].join("\n");
    expect(parseProcNetTcp(table)).toEqual([3000, 8080]);
  });

  it("takes only a plain port in /tunnel/<port>", () => {
    expect(tunnelPort("/tunnel/3000")).toBe(3000);
    for (const url of ["/tunnel/", "/tunnel/0", "/tunnel/65536", "/tunnel/+80", "/tunnel/80x", "/tunnel/1e3", "/other/80", undefined]) {
      expect(tunnelPort(url)).toBeNull();
    }
  });
});
