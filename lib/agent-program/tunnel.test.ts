import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { handleTunnelUpgrade, TUNNEL_PROTOCOL } from "./tunnel";

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen<T extends net.Server>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

it("delivers the whole answer of an app that ends it by closing, to a server that reads slowly", async () => {
  const body = Buffer.alloc(8 * 1024 * 1024, "x");
  // The app sends its answer and closes at once: the end of the connection is the end of the body.
  const appPort = await listen(net.createServer((connection) => connection.end(body)));
  const agent = http.createServer();
  agent.on("upgrade", handleTunnelUpgrade);
  const agentPort = await listen(agent);

  const client = net.connect({ host: "127.0.0.1", port: agentPort });
  client.write(`GET /tunnel/${appPort} HTTP/1.1\r\nhost: agent\r\nconnection: Upgrade\r\nupgrade: ${TUNNEL_PROTOCOL}\r\n\r\n`);
  let received = 0;
  const ended = new Promise<void>((resolve, reject) => {
    client.on("end", resolve);
    client.on("error", reject);
    client.on("close", resolve);
  });
  // A slow reader: nothing read until the buffers between are full, then a pause after every
  // chunk, so the agent still holds bytes of its own when the app is gone.
  client.pause();
  setTimeout(() => client.resume(), 300);
  client.on("data", (chunk: Buffer) => {
    received += chunk.length;
    client.pause();
    setTimeout(() => client.resume(), 10);
  });
  await ended;
  client.destroy();
  const head = `HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: ${TUNNEL_PROTOCOL}\r\n\r\n`;
  expect(received).toBe(Buffer.byteLength(head) + body.length);
}, 30_000);
