import { randomBytes, randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { rename } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as openAppRoute } from "@/app/api/v1/apps/open/route";
import { GET as portsRoute } from "@/app/api/v1/workspaceagents/[agentId]/ports/route";
import type { Actor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/auth/create-api-token";
import { createSession } from "@/lib/auth/create-session";
import { deleteSession } from "@/lib/auth/delete-session";
import { hashSecret } from "@/lib/auth/secrets";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { useEngine } from "@/lib/testing/use-engine";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { getWorkspace } from "@/lib/workspaces/get-workspace";
import { collectAgentMetrics } from "@/lib/metrics/collect-agent-metrics";
import { AGENT_SOCKET_NAME, agentChannelDir } from "@/lib/sandbox/sandbox-paths";
import { workspaceIsolation } from "@/lib/sandbox/workspace-isolation";
import { agentNetworkNamespace } from "@/lib/workspace-agents/agent-network-namespace";
import { mintAppToken } from "./app-auth-token";
import { type AppProxy, createAppProxy } from "./app-proxy";
import { echoTemplate } from "./testing/echo-template";
import { mayEnterNamespaces } from "@/lib/sandbox/may-enter-namespaces";

const getDb = useTestDatabase();
useEngine(getDb, { prefix: "kiln-apps-" });

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

let server: http.Server;
let proxy: AppProxy;
let port = 0;
let owner: Actor;
let ownerToken = "";
let ownerSession = "";
let ownerSessionId = "";
let otherToken = "";
let otherSession = "";
let appHost = "";
let agentId = "";
let workspaceId = "";

/** A request to the proxy's listener with the given Host (Node does not resolve *.localhost). */
function send({ host = appHost, path = "/", method = "GET", headers = {}, body }: { host?: string; path?: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, path, method, headers: { host: `${host}:${port}`, ...headers }, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** Sends `text` in a WebSocket frame through the app host (upgraded by the proxy) and answers what comes back. */
function webSocketEcho(text: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const request = http.request({
      host: "127.0.0.1",
      port,
      path: "/ws",
      agent: false,
      headers: {
        host: appHost,
        authorization: `Bearer ${ownerToken}`,
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": randomBytes(16).toString("base64"),
      },
    });
    request.on("upgrade", (response, socket) => {
      expect(response.statusCode).toBe(101);
      const payload = Buffer.from(text);
      const mask = randomBytes(4);
      socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload.map((b, i) => b ^ mask[i % 4]!)]));
      socket.once("data", (frame: Buffer) => {
        resolve(frame.subarray(2, 2 + (frame[1]! & 0x7f)).toString());
        socket.destroy();
      });
    });
    request.on("response", (response) => reject(new Error(`no upgrade: HTTP ${response.statusCode}`)));
    request.on("error", reject);
    request.end();
  });
}

const echoed = (answer: Answer) => JSON.parse(answer.body) as { method: string; url: string; headers: Record<string, string>; body: string };

async function openRoute(query: string, cookie?: string): Promise<Response> {
  return openAppRoute(new Request(`http://localhost:${port}/api/v1/apps/open?${query}`, { headers: { host: `localhost:${port}`, ...(cookie ? { cookie } : {}) } }), {
    params: Promise.resolve({}),
  });
}

beforeAll(async () => {
  proxy = createAppProxy();
  server = http.createServer((request, response) => {
    if (proxy.matches(request)) proxy.handleRequest(request, response);
    else response.writeHead(418).end();
  });
  server.on("upgrade", (request, socket: Duplex, head) => proxy.handleUpgrade(request, socket, head));
  server.on("connection", (socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;

  const seeded = await seedUserWithTemplate({ spec: echoTemplate() });
  owner = seeded.actor;
  ownerToken = (await createApiToken({ actor: owner, name: "t" })).token;
  ownerSession = (await createSession({ userId: owner.id })).secret;
  const prisma = await db();
  ownerSessionId = (await prisma.apiKey.findUniqueOrThrow({ where: { secretHash: hashSecret(ownerSession) } })).id;
  const suffix = randomBytes(3).toString("hex");
  const other = await prisma.user.create({
    data: { email: `other-${suffix}@example.com`, username: `other-${suffix}`, passwordHash: "x", memberships: { create: { organizationId: seeded.organizationId } } },
  });
  otherSession = (await createSession({ userId: other.id })).secret;
  otherToken = (await createApiToken({ actor: { ...owner, id: other.id, username: other.username, email: other.email }, name: "t" })).token;

  const created = await createWorkspace({ input: { templateId: seeded.templateId, name: "echo-box", parameters: {} }, actor: owner });
  const ready = await eventually(
    async () => {
      const workspace = await getWorkspace({ workspaceId: created.id, actor: owner });
      const agent = workspace.agents[0];
      if (agent && agent.lifecycleState !== "created" && agent.lifecycleState !== "starting" && agent.lifecycleState !== "ready") {
        throw new Error(`agent ended ${agent.lifecycleState}`);
      }
      return agent?.lifecycleState === "ready" && agent.status === "connected" ? agent : null;
    },
    { what: "the echo app's agent to be ready", timeoutMs: 60_000 },
  );
  agentId = ready.id;
  appHost = ready.apps.find((app) => app.slug === "web")!.host;
  workspaceId = created.id;
}, 90_000);

const open = new Set<Socket>();
afterAll(async () => {
  // Every connection, upgraded ones included, has ended: nothing the proxy opened lingers.
  expect([...open].filter((socket) => !socket.destroyed)).toEqual([]);
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  proxy?.close();
});

describe("workspace apps through the proxy", () => {
  it("names the app host after app, agent, workspace and owner", () => {
    expect(appHost).toBe(`web--main--echo-box--${owner.username}.localhost`);
  });

  it("relays the owner's API-token request with method, path, query and body intact, and no Kiln credentials", async () => {
    const answer = await send({
      path: "/some/path?a=1&b=two",
      method: "PUT",
      headers: { authorization: `Bearer ${ownerToken}`, cookie: `kiln_session=${ownerSession}; theirs=1`, "content-type": "text/plain" },
      body: "hello body",
    });
    expect(answer.status).toBe(200);
    const seen = echoed(answer);
    expect(seen).toMatchObject({ method: "PUT", url: "/some/path?a=1&b=two", body: "hello body" });
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBe("theirs=1");
    expect(seen.headers.host).toBe(`${appHost}:${port}`);
    // A header byte beyond ASCII (obs-text) reaches the app as the same byte (Node's client sends
    // a request without a body's head as Latin-1).
    const latin = await send({ headers: { authorization: `Bearer ${ownerToken}`, "x-note": "caf\u00e9" } });
    expect(echoed(latin).headers["x-note"]).toBe("caf\u00e9");
  });

  it("relays a chunked upload, a HEAD and a large download, with bodies intact", async () => {
    const upload = await new Promise<Answer>((resolve, reject) => {
      const request = http.request(
        { host: "127.0.0.1", port, path: "/up", method: "POST", headers: { host: appHost, authorization: `Bearer ${ownerToken}`, "transfer-encoding": "chunked" }, agent: false },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
        },
      );
      request.on("error", reject);
      request.write("first part, ");
      request.end("second part");
    });
    expect(echoed(upload)).toMatchObject({ method: "POST", body: "first part, second part" });
    expect(echoed(upload).headers["transfer-encoding"]).toBe("chunked");

    const head = await send({ method: "HEAD", path: "/download/1000", headers: { authorization: `Bearer ${ownerToken}` } });
    expect(head).toMatchObject({ status: 200, body: "" });
    expect(head.headers["content-length"]).toBe("1000");

    const download = await send({ path: "/download/3000000", headers: { authorization: `Bearer ${ownerToken}` } });
    expect(download.status).toBe(200);
    expect(download.body).toBe("x".repeat(3_000_000));
  });

  it("answers 404 to another member, an unknown token, an anonymous API call and an app that does not exist", async () => {
    expect((await send({ headers: { authorization: `Bearer ${otherToken}` } })).status).toBe(404);
    expect((await send({ headers: { authorization: "Bearer kiln_t_nope" } })).status).toBe(404);
    expect((await send({})).status).toBe(404);
    const missing = appHost.replace("web--", "nope--");
    expect((await send({ host: missing, headers: { authorization: `Bearer ${ownerToken}` } })).status).toBe(404);
    // Another member's browser is not sent to sign in again: they are signed in, and not allowed.
    expect((await send({ host: missing, headers: { authorization: `Bearer ${otherToken}`, accept: "text/html" } })).status).toBe(404);
  });

  it("sends an anonymous browser through Kiln's sign-in and back with a single-use token that becomes the app's cookie", async () => {
    const first = await send({ path: "/page?x=1", headers: { accept: "text/html" } });
    expect(first.status).toBe(303);
    const open = new URL(first.headers.location!);
    expect(open.host).toBe(`localhost:${port}`);
    expect(open.pathname).toBe("/api/v1/apps/open");
    expect(open.searchParams.get("next")).toBe("/page?x=1");

    const signIn = await openRoute(open.search.slice(1));
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/api/v1/apps/open${open.search}`)}`);

    const handOver = await openRoute(open.search.slice(1), `kiln_session=${ownerSession}`);
    expect(handOver.status).toBe(303);
    const auth = new URL(handOver.headers.get("location")!);
    expect(auth.host).toBe(`${appHost}:${port}`);
    expect(auth.pathname).toBe("/.kiln/auth");

    const exchanged = await send({ path: `${auth.pathname}${auth.search}` });
    expect(exchanged.status).toBe(303);
    expect(exchanged.headers.location).toBe("/page?x=1");
    const setCookie = exchanged.headers["set-cookie"]![0]!;
    expect(setCookie).toMatch(/^kiln_app_session=/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).not.toMatch(/domain=/i);
    const cookie = setCookie.split(";")[0]!;

    const page = await send({ path: "/page?x=1", method: "POST", headers: { cookie: `${cookie}; theirs=2`, accept: "text/html" }, body: "posted" });
    expect(page.status).toBe(200);
    expect(echoed(page)).toMatchObject({ method: "POST", url: "/page?x=1", body: "posted" });
    expect(echoed(page).headers.cookie).toBe("theirs=2");

    // Replayed: refused.
    expect((await send({ path: `${auth.pathname}${auth.search}` })).status).toBe(404);
    // The cookie is the app host's only: another host (same owner's port host) does not take it.
    const portHost = appHost.replace("web--", "8080--");
    expect((await send({ host: portHost, headers: { cookie } })).status).toBe(404);
    // Another member cannot get a hand-over token for the owner's app.
    expect((await openRoute(open.search.slice(1), `kiln_session=${otherSession}`)).status).toBe(404);
  });

  it("ends the app cookie with the session it was opened with: after sign-out, an API call gets 404 and a browser is sent to sign in", async () => {
    const { secret } = await createSession({ userId: owner.id });
    const other = await createSession({ userId: owner.id });
    /** The app cookie a browser signed in with `session` ends up with. */
    const cookieFor = async (session: string) => {
      const handOver = await openRoute(`host=${appHost}&next=/`, `kiln_session=${session}`);
      const auth = new URL(handOver.headers.get("location")!);
      const exchanged = await send({ path: `${auth.pathname}${auth.search}` });
      return exchanged.headers["set-cookie"]![0]!.split(";")[0]!;
    };
    const cookie = await cookieFor(secret);
    const otherCookie = await cookieFor(other.secret);
    expect((await send({ headers: { cookie } })).status).toBe(200);

    await deleteSession({ secret });
    // Every replica drops its cached answer when the sign-out is published; this one too.
    await eventually(async () => (await send({ headers: { cookie } })).status === 404, { what: "the signed-out cookie to be refused" });
    const browsing = await send({ path: "/page", headers: { cookie, accept: "text/html" } });
    expect(browsing.status).toBe(303);
    expect(new URL(browsing.headers.location!).pathname).toBe("/api/v1/apps/open");
    // The same user's other session, and its cookie, are untouched.
    expect((await send({ headers: { cookie: otherCookie } })).status).toBe(200);
  });

  it("gives the app cookie no longer than the session it was opened with", async () => {
    // A session with ten minutes left.
    const { secret } = await createSession({ userId: owner.id, now: new Date(Date.now() - (config().sessionHours * 3600 - 600) * 1000) });
    const handOver = await openRoute(`host=${appHost}&next=/`, `kiln_session=${secret}`);
    const auth = new URL(handOver.headers.get("location")!);
    const setCookie = (await send({ path: `${auth.pathname}${auth.search}` })).headers["set-cookie"]![0]!;
    const maxAge = Number(/Max-Age=(\d+)/i.exec(setCookie)?.[1]);
    expect(maxAge).toBeGreaterThan(500);
    expect(maxAge).toBeLessThanOrEqual(600);
  });

  it("sends an absolute-form target on as its path (and /.kiln/auth in absolute-form is Kiln's), and refuses one naming another host", async () => {
    const auth = { authorization: `Bearer ${ownerToken}` };
    const absolute = await send({ path: `http://${appHost}:${port}/some/path?a=1`, headers: auth });
    expect(echoed(absolute).url).toBe("/some/path?a=1");
    const token = await mintAppToken({ userId: owner.id, credentialId: ownerSessionId, host: appHost, now: new Date() });
    const exchanged = await send({ path: `http://${appHost}:${port}/.kiln/auth?token=${token}&next=/x` });
    expect(exchanged.status).toBe(303);
    expect(exchanged.headers["set-cookie"]?.[0]).toMatch(/^kiln_app_session=/);
    expect((await send({ path: `http://elsewhere.example/some/path`, headers: auth })).status).toBe(400);
  });

  it("refuses a request with two Hosts, and keeps the visitor's own Forwarded and X-Real-IP from the app", async () => {
    const twoHosts = await new Promise<string>((resolve, reject) => {
      // Written, not ended: the server answers a request with Connection: close, then closes.
      const socket = net.connect(port, "127.0.0.1", () =>
        socket.write(`GET / HTTP/1.1\r\nHost: ${appHost}\r\nHost: elsewhere.example\r\nAuthorization: Bearer ${ownerToken}\r\nConnection: close\r\n\r\n`),
      );
      let answer = "";
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
      socket.on("end", () => resolve(answer));
      socket.on("error", reject);
    });
    expect(twoHosts.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    const spoofed = await send({ headers: { authorization: `Bearer ${ownerToken}`, forwarded: "for=6.6.6.6;proto=https", "x-real-ip": "6.6.6.6" } });
    expect(echoed(spoofed).headers.forwarded).toBeUndefined();
    expect(echoed(spoofed).headers["x-real-ip"]).toBeUndefined();
    expect(echoed(spoofed).headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("refuses an expired hand-over token and one minted for another host", async () => {
    const expired = await mintAppToken({ userId: owner.id, credentialId: ownerSessionId, host: appHost, now: new Date(Date.now() - 61_000) });
    expect((await send({ path: `/.kiln/auth?token=${expired}&next=/` })).status).toBe(404);
    const elsewhere = await mintAppToken({ userId: owner.id, credentialId: ownerSessionId, host: `x${appHost}`, now: new Date() });
    expect((await send({ path: `/.kiln/auth?token=${elsewhere}&next=/` })).status).toBe(404);
    const fine = await mintAppToken({ userId: owner.id, credentialId: ownerSessionId, host: appHost, now: new Date() });
    const answer = await send({ path: `/.kiln/auth?token=${fine}&next=//evil.example/` });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe("/");
  });

  it("keeps the app's cookies off Kiln: Domain cookies and Kiln's names are dropped", async () => {
    const answer = await send({ path: "/cookie", headers: { authorization: `Bearer ${ownerToken}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers["set-cookie"]).toEqual(["mine=1; Path=/"]);
  });

  it("reaches any listening port of the owner's workspace by its port host", async () => {
    const portHost = appHost.replace("web--", "8080--");
    const answer = await send({ host: portHost, path: "/p", headers: { authorization: `Bearer ${ownerToken}` } });
    expect(answer.status).toBe(200);
    expect(echoed(answer).url).toBe("/p");
    const closed = await send({ host: appHost.replace("web--", "8081--"), headers: { authorization: `Bearer ${ownerToken}` } });
    expect(closed.status).toBe(502);
    expect((await send({ host: portHost, headers: { authorization: `Bearer ${otherToken}` } })).status).toBe(404);
  });

  it("streams server-sent events one by one", async () => {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: "127.0.0.1", port, path: "/sse", headers: { host: appHost, authorization: `Bearer ${ownerToken}` }, agent: false }, resolve).on("error", reject);
    });
    expect(response.headers["content-type"]).toBe("text/event-stream");
    const arrivals: string[] = [];
    response.on("data", (chunk: Buffer) => arrivals.push(chunk.toString()));
    const ended = new Promise((resolve) => response.on("end", resolve));
    // The app sends each next event only when asked, after the test has seen the one before: an event
    // the proxy held back (buffering the stream) would never show, however long the test waits.
    for (let event = 0; event < 3; event++) {
      if (event > 0) expect((await send({ path: "/sse/next", headers: { authorization: `Bearer ${ownerToken}` } })).status).toBe(200);
      await expect.poll(() => arrivals.join(""), { timeout: 10_000 }).toContain(`data: ${event}\n\n`);
    }
    await ended;
    expect(arrivals.filter((text) => text.includes("data:"))).toEqual(["data: 0\n\n", "data: 1\n\n", "data: 2\n\n"]);
  });

  it("relays a WebSocket upgrade: the echo server inside the workspace echoes through the app host", async () => {
    expect(await webSocketEcho("ping through kiln")).toBe("ping through kiln");
  });

  it("connects into the workspace's network itself, not through the agent: with the agent's listener gone, a new connection still reaches the app", async (context) => {
    // Where the workspace has a sandbox and the server may enter its namespace (root, as CI is).
    if ((await workspaceIsolation()).mode !== "sandbox" || !(await mayEnterNamespaces())) return context.skip();
    const network = await agentNetworkNamespace({ agentId });
    expect(network?.kind).toBe("namespace");
    expect(network?.kind === "namespace" && network.inode).not.toBe(statSync("/proc/self/ns/net").ino);
    expect(await agentNetworkNamespace({ agentId: randomUUID() })).toBeNull();
    const listener = path.join(agentChannelDir(agentId), AGENT_SOCKET_NAME);
    await rename(listener, `${listener}.away`);
    try {
      // An upgrade always opens a connection of its own.
      expect(await webSocketEcho("not through the agent")).toBe("not through the agent");
    } finally {
      await rename(`${listener}.away`, listener);
    }
  });

  it("refuses a WebSocket upgrade from another member with 404", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({
        host: "127.0.0.1",
        port,
        agent: false,
        headers: { host: appHost, authorization: `Bearer ${otherToken}`, connection: "Upgrade", upgrade: "websocket" },
      });
      request.on("response", (response) => resolve(response.statusCode ?? 0));
      request.on("upgrade", () => reject(new Error("upgraded")));
      request.on("error", reject);
      request.end();
    });
    expect(status).toBe(404);
  });

  it("shows each app's healthcheck result on the workspace and in the metrics: unhealthy within interval × threshold", async () => {
    const started = Date.now();
    const apps = await eventually(
      async () => {
        const workspace = await getWorkspace({ workspaceId, actor: owner });
        const health = Object.fromEntries(workspace.agents[0]!.apps.map((app) => [app.slug, app.health]));
        return health.web === "healthy" && health.down === "unhealthy" ? health : null;
      },
      { what: "web healthy and down unhealthy", timeoutMs: 15_000 },
    );
    expect(apps).toEqual({ down: "unhealthy", plain: "disabled", web: "healthy" });
    // The agent has run since before this test; within interval × threshold (2 s) plus slack.
    expect(Date.now() - started).toBeLessThan(5000);
    const snapshot = await collectAgentMetrics({ now: new Date(), inactivityTimeoutMs: 60_000 });
    const mine = snapshot.apps.filter((app) => app.username === owner.username);
    expect(mine.map(({ app_name, health }) => [app_name, health]).sort()).toEqual([
      ["down", "unhealthy"],
      ["plain", "disabled"],
      ["web", "healthy"],
    ]);
  });

  it("lists the ports listening in the workspace to the owner only", async () => {
    const call = (token: string) =>
      portsRoute(new Request(`http://kiln.test/api/v1/workspaceagents/${agentId}/ports`, { headers: { authorization: `Bearer ${token}` } }), {
        params: Promise.resolve({ agentId }),
      });
    const answer = await call(ownerToken);
    expect(answer.status).toBe(200);
    const { ports } = (await answer.json()) as { ports: { port: number; host: string }[] };
    expect(ports).toContainEqual(expect.objectContaining({ port: 8080, host: appHost.replace("web--", "8080--") }));
    expect((await call(otherToken)).status).toBe(404);
  });
});
