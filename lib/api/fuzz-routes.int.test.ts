import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedAgent } from "@/lib/workspace-agents/testing/seed-agent";
import { createSession } from "@/lib/auth/create-session";
import { createChat } from "@/lib/chat/create-chat";
import { chatToolNameSchema } from "@/lib/chat/schemas";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";

/**
 * The fuzz corpus of issue 10: every route handler of the app, found on disk so a new route is
 * covered without touching this file, called by every kind of caller with hostile input — NUL in
 * every string, lone surrogates, 100,000-deep arrays, hostile path params and query strings.
 * Whatever the route, such input is the caller's mistake: never a 5xx.
 */

const getDb = useTestDatabase();

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteFile = { file: string; urlPath: string; paramNames: { name: string; isCatchAll: boolean }[]; handlers: Record<string, Handler> };

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const appDir = path.join(import.meta.dirname, "../../app");

/** Every route.ts under app/, with its URL path and the params its folders declare. */
async function discoverRoutes(): Promise<RouteFile[]> {
  const files = readdirSync(appDir, { recursive: true, encoding: "utf8" }).filter((file) => path.basename(file) === "route.ts");
  return Promise.all(
    files.sort().map(async (file) => {
      const segments = path.dirname(file).split(path.sep).filter((segment) => !/^\(.*\)$/.test(segment));
      const paramNames = segments.flatMap((segment) => {
        const match = /^\[(\.\.\.)?(.+)\]$/.exec(segment);
        return match ? [{ name: match[2]!, isCatchAll: Boolean(match[1]) }] : [];
      });
      const exports = (await import(path.join(appDir, file))) as Record<string, unknown>;
      const handlers = Object.fromEntries(METHODS.flatMap((method) => (typeof exports[method] === "function" ? [[method, exports[method] as Handler]] : [])));
      return { file, urlPath: `/${segments.join("/")}`, paramNames, handlers };
    }),
  );
}

const NUL = "\u0000";
const LONG = "x".repeat(100_000);
const DEEP = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
/** Field names the API's bodies use, so a NUL reaches past schemas that want those names. */
const FIELDS = [
  "email", "password", "name", "username", "content", "title", "spec", "input", "description", "displayName", "display_name",
  "command", "path", "address", "message", "template", "workspace", "value", "cursor", "state", "output", "level", "transition", "role",
];

/** Every field set to `text` (as JSON text, so a lone surrogate survives as raw `\ud800`). */
function everyField(textJson: string): string {
  const fields = FIELDS.map((field) => `"${field}":${textJson}`).join(",");
  return `{${fields},"input":{${fields}},"spec":{${fields}},"parameters":[{"name":${textJson},"value":${textJson}}],"logs":[{"scriptId":null,"level":"info","output":${textJson},"createdAt":"2026-01-01T00:00:00.000Z"}]}`;
}

/** Ids and names valid enough to pass the schemas, with `bad` inside every free-text field. */
function plausible(bad: string, ids: Record<string, string>): string {
  const text = JSON.stringify(`fuzz${bad}text`);
  const free = `"name":${text},"displayName":${text},"display_name":${text},"description":${text},"title":${text},"content":${text},"message":${text},"password":${JSON.stringify(`password${bad} long enough`)}`;
  const spec = `{"name":"fuzz-${randomUUID().slice(0, 8)}","display_name":${text},"description":${text},"build":{"steps":[{"name":${text},"command":${text}}]},"parameters":[{"name":"p","description":${text},"default":${text}}]}`;
  const input = `{${free},"template":${text},"templateId":"${ids.templateId}","workspace":${text},"parameters":[{"name":"p","value":${text}}],"${bad === NUL ? "\\u0000" : "\\ud800"}":1}`;
  return `{${free},"email":"fuzz-${randomUUID().slice(0, 8)}@example.com","username":"fuzz${randomUUID().slice(0, 8)}","templateId":"${ids.templateId}","organizationId":"${ids.organizationId}","userId":"${ids.userId}","transition":"start","lifetimeDays":30,"spec":${spec},"input":${input},"parameters":[{"name":"p","value":${text}}],"allowedInChat":true}`;
}

function bodies(ids: Record<string, string>): { label: string; text: string }[] {
  return [
    { label: "NUL in every field", text: everyField('"\\u0000"') },
    { label: "lone surrogate in every field", text: everyField('"\\ud800"') },
    { label: "NUL in plausible fields", text: plausible(NUL, ids) },
    { label: "lone surrogate in plausible fields", text: plausible("\ud800", ids) },
    { label: "NUL as a key", text: '{"\\u0000":"x","a\\u0000b":{"\\ud800":1}}' },
    { label: "100k-deep array", text: DEEP },
    // Under the body size limit (1 MiB by default): the depth, not the size, must be what is refused.
    { label: "100k-deep array as the input", text: `{"input":${DEEP}}` },
    { label: "100k-deep arrays in four fields", text: `{"spec":${DEEP},"content":${DEEP},"logs":${DEEP},"name":${DEEP}}` },
  ];
}

const QUERIES = ["", `?cursor=%00&after=%00&follow=%00&organizationId=%00`, `?cursor=%ED%A0%80&after=%ED%A0%80&organizationId=%ED%A0%80`, `?cursor=${LONG}&after=${LONG}&organizationId=${LONG}`, "?after=99999999999999999999999&follow=1"];

/** Path params to try: the real resource of each name, a stranger's uuid, NUL and a very long string. */
function paramSets(route: RouteFile, real: Record<string, string[]>): Record<string, string | string[]>[] {
  const choices = (name: string) => [...(real[name] ?? []), randomUUID(), NUL, "\ud800", LONG];
  let sets: Record<string, string | string[]>[] = [{}];
  for (const { name, isCatchAll } of route.paramNames) {
    sets = sets.flatMap((set) => choices(name).map((value) => ({ ...set, [name]: isCatchAll ? ["x", value] : value })));
  }
  return sets;
}

type Finding = { call: string; status: number; body: string };

describe("fuzzed requests to every route", () => {
  const state = { routes: [] as RouteFile[], actors: async () => ({}) as Record<string, Record<string, string>>, ids: {} as Record<string, string>, real: {} as Record<string, string[]> };
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});

  beforeAll(async () => {
    state.routes = await discoverRoutes();
    const agent = await seedAgent({ scripts: [{ name: "hello", script: "echo hi" }] });
    const prisma = getDb().prisma;
    const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: agent.workspaceId }, include: { owner: true, builds: true } });
    const memberActor = { id: workspace.owner.id, email: workspace.owner.email, username: workspace.owner.username, name: workspace.owner.name, role: workspace.owner.role };
    const { actor: admin } = await seedUserWithTemplate({ spec: { name: "admin-template" }, role: "admin" });
    const chat = await createChat({ input: {}, actor: memberActor });
    state.ids = { templateId: workspace.templateId, organizationId: workspace.organizationId, userId: memberActor.id };
    state.real = {
      chatId: [chat.id],
      templateId: [workspace.templateId],
      organizationId: [workspace.organizationId],
      workspaceId: [workspace.id],
      buildId: workspace.builds.map((build) => build.id),
      agentId: [agent.agentId],
      tool: chatToolNameSchema.options,
      path: ["users"],
    };
    // Fresh sessions for each route: the logout route ends the ones it is called with.
    state.actors = async () => ({
      anonymous: {},
      "forged cookie": { cookie: "kiln_session=%00%ED%A0%80" },
      member: { cookie: `kiln_session=${(await createSession({ userId: memberActor.id })).secret}` },
      admin: { cookie: `kiln_session=${(await createSession({ userId: admin.id })).secret}` },
      agent: { authorization: `Bearer ${agent.token}` },
    });
  });
  afterAll(() => errors.mockRestore());

  it("discovers the routes from the file system", () => {
    const paths = state.routes.map((route) => route.urlPath);
    expect(paths).toContain("/api/v1/auth/login");
    expect(paths).toContain("/api/v1/agent/logs");
    expect(paths).toContain("/api/v1/chats/[chatId]/tools/[tool]");
    expect(paths).toContain("/metrics");
    expect(state.routes.every((route) => Object.keys(route.handlers).length > 0)).toBe(true);
  });

  it("answers no hostile request with a 5xx", { timeout: 600_000 }, async () => {
    const findings: Finding[] = [];
    let calls = 0;
    // Guards the fuzzer itself: a corpus that never gets past authentication proves nothing.
    let pastAuthentication = 0;
    for (const route of state.routes) {
      for (const [method, handler] of Object.entries(route.handlers)) {
        const hasBody = method !== "GET" && method !== "HEAD";
        for (const params of paramSets(route, state.real)) {
          for (const [actorName, headers] of Object.entries(await state.actors())) {
            const variants = hasBody
              ? bodies(state.ids).map((body) => ({ label: body.label, query: "", body: body.text }))
              : QUERIES.map((query) => ({ label: `query ${query.slice(0, 40)}`, query, body: undefined }));
            for (const variant of variants) {
              const request = new Request(`http://kiln.test${route.urlPath}${variant.query}`, {
                method,
                headers: { host: "kiln.test", ...headers, ...(hasBody ? { "content-type": "application/json" } : {}) },
                body: variant.body,
              });
              calls++;
              const response = await handler(request, { params: Promise.resolve(params) });
              // Streams (SSE) are not read: the status is the answer to the input.
              const body = response.headers.get("content-type")?.startsWith("application/json") ? await response.text() : "";
              if (!body) await response.body?.cancel();
              if (actorName !== "anonymous" && response.status !== 401 && response.status !== 403) pastAuthentication++;
              if (response.status >= 500) {
                const shownParams = JSON.stringify(params).slice(0, 80);
                findings.push({ call: `${method} ${route.urlPath} ${shownParams} as ${actorName}: ${variant.label}`, status: response.status, body: body.slice(0, 200) });
              }
            }
          }
        }
      }
    }
    console.log(`fuzzed ${calls} requests to ${state.routes.length} route files (${pastAuthentication} past authentication): ${findings.length} answered 5xx`);
    expect(calls).toBeGreaterThan(2000);
    expect(pastAuthentication).toBeGreaterThan(1000);
    expect(findings).toEqual([]);
  });
});
