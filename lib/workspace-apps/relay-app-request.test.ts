import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relayAppRequest } from "./relay-app-request";
import { createTunnelPools } from "./tunnel-pool";

/** What the scripted app answers to the next request it reads: raw bytes, one write. */
type Script = { answer: string };

let app: net.Server;
let proxy: http.Server;
let proxyPort = 0;
let pools: ReturnType<typeof createTunnelPools>;
/** Connections the app has accepted (a reused tunnel does not add one). */
let accepted = 0;
/** The proxy's end of the tunnels it opened, the newest last. */
const opened: net.Socket[] = [];
const scripts: Script[] = [];

/**
 * A hostile app on a plain socket: it answers each request head it reads with the next script's
 * bytes, as one write, whatever the request was.
 */
function startApp(): Promise<number> {
  app = net.createServer((socket) => {
    accepted++;
    let held = "";
    socket.on("data", (chunk: Buffer) => {
      held += chunk.toString("latin1");
      while (held.includes("\r\n\r\n")) {
        held = held.slice(held.indexOf("\r\n\r\n") + 4);
        const script = scripts.shift() ?? { answer: "HTTP/1.1 500 No Script\r\nContent-Length: 0\r\n\r\n" };
        socket.write(Buffer.from(script.answer, "latin1"));
      }
    });
    socket.on("error", () => {});
  });
  return new Promise((resolve) => app.listen(0, "127.0.0.1", () => resolve((app.address() as AddressInfo).port)));
}

type Outcome = { status: number; body: string; isComplete: boolean };

/** A visitor's request through the relay: the status, the body, and whether it ended cleanly (not aborted). */
function visit(method = "GET", onHead = () => {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port: proxyPort, method, agent: false }, (response) => {
      onHead();
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString("latin1")));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, isComplete: response.complete }));
      response.on("error", () => resolve({ status: response.statusCode ?? 0, body, isComplete: false }));
    });
    request.on("error", reject);
    request.end();
  });
}

beforeAll(async () => {
  const appPort = await startApp();
  pools = createTunnelPools({
    open: () =>
      new Promise((resolve, reject) => {
        const socket = net.connect(appPort, "127.0.0.1");
        socket.once("connect", () => resolve(opened[opened.push(socket) - 1]!)).once("error", reject);
      }),
  });
  proxy = http.createServer((request, response) => {
    const head = `${request.method} ${request.url} HTTP/1.1\r\nhost: app\r\n`;
    void relayAppRequest({ pools, target: { agentId: "a", address: "127.0.0.1:1", tokenHash: "x", port: 8080 }, request, response, head, host: "app" });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyPort = (proxy.address() as AddressInfo).port;
});

afterAll(async () => {
  pools.close();
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await new Promise((resolve) => app.close(resolve));
});

describe("relayAppRequest over a pooled tunnel", () => {
  it("reuses the tunnel after a clean exchange, and drops it when bytes followed an answer: the next visitor gets the app's real answer", async () => {
    scripts.push({ answer: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" }, { answer: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo" });
    const before = accepted;
    expect(await visit()).toEqual({ status: 200, body: "ok", isComplete: true });
    expect(await visit()).toEqual({ status: 200, body: "two", isComplete: true });
    expect(accepted - before).toBe(1);

    // A forged second answer in the same write as the first (and a HEAD answer with a body): never another visitor's.
    scripts.push(
      { answer: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nforged" },
      { answer: "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal" },
      { answer: "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nforged" },
      { answer: "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal" },
    );
    const reusedFrom = accepted;
    expect(await visit()).toEqual({ status: 200, body: "ok", isComplete: true });
    expect(await visit()).toEqual({ status: 200, body: "real", isComplete: true });
    expect(await visit("HEAD")).toMatchObject({ status: 200, body: "" });
    expect(await visit()).toEqual({ status: 200, body: "real", isComplete: true });
    // The first and the HEAD went on kept tunnels, each then closed: each next visitor had a new one.
    expect(accepted - reusedFrom).toBe(2);
  });

  it("answers 502 to a head it cannot pass on (a control byte, a 101, an obs-fold) and opens a new tunnel after it", async () => {
    const before = accepted;
    for (const answer of [
      "HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\nX-A: a\r\n Content-Length: 0\r\n\r\n",
    ]) {
      scripts.push({ answer });
      expect(await visit(), JSON.stringify(answer)).toMatchObject({ status: 502 });
    }
    scripts.push({ answer: "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal" });
    expect(await visit()).toEqual({ status: 200, body: "real", isComplete: true });
    // Each refused answer closed its tunnel: the second, the third and the last each had a new one (the first may have had one kept from before).
    expect(accepted - before).toBeGreaterThanOrEqual(3);
  });

  it("does not end a body delimited by the close cleanly when the tunnel was reset: the visitor sees it cut short", async () => {
    scripts.push({ answer: "HTTP/1.1 200 OK\r\n\r\npartial" });
    // Once the visitor has the head, the tunnel fails as a reset one does: an error, then the close.
    const outcome = await visit("GET", () => opened.at(-1)!.destroy(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })));
    expect(outcome).toMatchObject({ status: 200, isComplete: false });
  });
});
