/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node as it is */
// The bridge of one workspace's network for one Kiln server (lib/workspace-apps/netns-dialer.ts):
// started by the server inside the sandbox's network namespace (nsenter --net), with nothing else
// of the sandbox, and an IPC channel to the server as its only input. Each message asks for a
// connection to 127.0.0.1:<port> there; the connected socket itself is handed to the server,
// which then talks to the app with no process in between (the agent's tunnel is a byte pipe).
// Goes when the server does (the channel closes) or when it ends it (after a minute without a
// request); after ten minutes without one it goes by itself.
const fs = require("node:fs");
const net = require("node:net");

const CONNECT_TIMEOUT_MS = 5000;
const IDLE_MS = Number(process.env.KILN_BRIDGE_IDLE_MS) || 600_000;

if (!process.send) process.exit(2);

let idle = setTimeout(() => process.exit(0), IDLE_MS);
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready", inode: fs.statSync("/proc/self/ns/net").ino });

process.on("message", (message) => {
  const { id, port } = message ?? {};
  if (!Number.isSafeInteger(id) || !Number.isInteger(port) || port < 1 || port > 65535) return;
  clearTimeout(idle);
  idle = setTimeout(() => process.exit(0), IDLE_MS);
  const socket = net.connect({ host: "127.0.0.1", port });
  socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(Object.assign(new Error("connect timeout"), { code: "ETIMEDOUT" })));
  socket.once("error", (error) => process.connected && process.send({ type: "failed", id, code: String(error.code ?? "") }));
  socket.once("connect", () => {
    socket.setTimeout(0);
    // Once sent, Node closes it here: the server's copy is the only one.
    process.send({ type: "connected", id }, socket);
  });
});
