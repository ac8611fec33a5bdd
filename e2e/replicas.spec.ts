import { expect, test, type APIRequestContext } from "@playwright/test";
import { z } from "zod";
import type { Workspace } from "@/lib/workspaces/schemas";
import { KilnApi } from "./api";
import { ChatPage } from "./pages/chat-page";
import { LoginPage } from "./pages/login-page";
import { startNextServer, type NextServer } from "./support/next-server";
import { startProvisionerDaemon, type ProvisionerDaemon } from "./support/provisioner-daemon";
import { createScratchDatabase, type ScratchDatabase } from "./support/scratch-database";
import { NODE_DEV_FIRST_LINE, NODE_DEV_READY_LINE } from "./support/node-dev-lines";

// Scale-out (docs/architecture.md, "Scale-out"): one PostgreSQL, two `next start` replicas with their embedded
// provisioners switched off, and one separate provisioner daemon whose agents call replica A.
// A chat's create_workspace call runs on A (the tools API) while a browser on B watches its build
// and agent live; 20 parallel create_workspace calls split across A and B make one workspace.
//
// Needs PostgreSQL and a production build: `npm test` has both when DATABASE_URL is set (CI);
// alone, `npm run build` then `DATABASE_URL=postgres://… npm run test:replicas`. The spec makes
// its own scratch database on that server and drops it afterwards.

test.skip(
  !process.env.DATABASE_URL,
  "needs PostgreSQL: set DATABASE_URL (replicas share one database; the embedded one belongs to a single process)",
);

const PORT_A = Number(process.env.E2E_REPLICA_A_PORT ?? 3214);
const PORT_B = Number(process.env.E2E_REPLICA_B_PORT ?? 3215);
const PARALLEL_CALLS = 20;
const owner = { email: "replica-owner@example.com", username: "replicaowner", password: "replica-e2e-password" };

/** What a create_workspace answer carries, whether it made the workspace or found it. */
const createdSchema = z.object({ created: z.boolean(), workspace_name: z.string() });

let database: ScratchDatabase | undefined;
let replicaA: NextServer | undefined;
let replicaB: NextServer | undefined;
let daemon: ProvisionerDaemon | undefined;
let requests: APIRequestContext[] = [];
let apiA: KilnApi;
let apiB: KilnApi;

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000);
  database = await createScratchDatabase({ serverUrl: process.env.DATABASE_URL!, prefix: "kiln_replicas" });
  const env = { DATABASE_URL: database.url, KILN_EMBEDDED_PROVISIONER: "false" };
  const urlA = `http://127.0.0.1:${PORT_A}`;
  // All three at once: each migrates on start under PostgreSQL's advisory lock (lib/db/migrate.ts),
  // so one applies the migrations and the others find them applied. Every process that did start
  // is kept for afterAll even when another fails.
  const started = await Promise.allSettled([
    startNextServer({ name: "replica-a", port: PORT_A, env }).then((server) => (replicaA = server)),
    startNextServer({ name: "replica-b", port: PORT_B, env }).then((server) => (replicaB = server)),
    startProvisionerDaemon({ name: "provisioner", databaseUrl: database.url, accessUrl: urlA }).then((provisioner) => (daemon = provisioner)),
  ]);
  for (const result of started) if (result.status === "rejected") throw result.reason;

  const created = await fetch(`${urlA}/api/v1/users/first`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(owner),
  });
  expect(created.status, await created.text()).toBe(201);
  const requestA = await playwright.request.newContext({ baseURL: replicaA!.url });
  requests.push(requestA);
  apiA = await KilnApi.signIn(requestA, owner);
  // B gets the session A made: sessions are in the database (cookies ignore the port).
  const requestB = await playwright.request.newContext({ baseURL: replicaB!.url, storageState: await requestA.storageState() });
  requests.push(requestB);
  apiB = KilnApi.withSession(requestB);
});

/** A workspace created through replica A, once replica B sees its first agent as `until` wants it. */
async function workspaceSeenByB({ template, until }: { template: string; until: (agent: Workspace["agents"][number]) => boolean }): Promise<Workspace> {
  const workspace = await apiA.createWorkspace({ template });
  await expect
    .poll(async () => {
      const agent = (await apiB.workspaces()).find((w) => w.id === workspace.id)?.agents[0];
      return agent !== undefined && until(agent);
    }, { timeout: 120_000 })
    .toBe(true);
  return workspace;
}

test.afterAll(async () => {
  test.setTimeout(60_000);
  await Promise.all(requests.map((request) => request.dispose()));
  requests = [];
  // The agents the daemon started outlive it by design; the global teardown stops them.
  await Promise.all([daemon?.stop(), replicaA?.stop(), replicaB?.stop()]);
  await database?.drop();
});

test("a browser on replica B shows live the build and agent of a tool call running on replica A", async ({ browser }) => {
  test.setTimeout(180_000);
  const chatId = await apiA.createChat();
  const templateId = await apiA.templateId("node-dev");
  const context = await browser.newContext({ baseURL: replicaB!.url });
  const page = await context.newPage();
  await new LoginPage(page).signInToChats(owner);
  const chat = new ChatPage(page);
  await chat.goto(chatId);

  // Replica A runs the tool inside this request and answers when it is done.
  let hasAnswered = false;
  const answer = apiA.runTool(chatId, "create_workspace", { template_id: templateId, name: "watched" }).finally(() => {
    hasAnswered = true;
  });
  const card = chat.lastToolCard("create_workspace");
  // node-dev's steps take about 3 s and its startup scripts about 3 s more: B shows the first
  // build line while A's call still waits for the build.
  await chat.waitForLogLine(chat.buildLog(card), NODE_DEV_FIRST_LINE);
  expect(hasAnswered, "the tool call on replica A has not returned yet").toBe(false);
  await expect(card).toHaveAttribute("data-state", "running");
  await chat.waitForLogLine(chat.startupLog(card), NODE_DEV_READY_LINE);
  await chat.expectWorkspaceState("ready");

  const result = await answer;
  expect(result.isError, JSON.stringify(result.output)).toBe(false);
  expect(createdSchema.parse(result.output)).toEqual({ created: true, workspace_name: `${owner.username}/watched` });
  await chat.expectOutcome(card, `${owner.username}/watched`);
  await expect(card).toHaveAttribute("data-state", "done");
  await context.close();
});

test(`${PARALLEL_CALLS} parallel create_workspace calls split across both replicas make one workspace`, async () => {
  test.setTimeout(180_000);
  const chatId = await apiA.createChat();
  const templateId = await apiA.templateId("quick");
  const before = await apiA.workspaces();

  // Sent together, alternating replicas; no name, so each call would generate a different one if
  // the chat lock did not make the later calls find the first one's workspace.
  const results = await Promise.all(
    Array.from({ length: PARALLEL_CALLS }, (_, i) => (i % 2 === 0 ? apiA : apiB).runTool(chatId, "create_workspace", { template_id: templateId })),
  );

  for (const result of results) expect(result.isError, JSON.stringify(result.output)).toBe(false);
  const answers = results.map((result) => createdSchema.parse(result.output));
  const names = [...new Set(answers.map((answer) => answer.workspace_name))];
  expect(names, "every call answers with the same workspace").toHaveLength(1);
  expect(answers.filter((answer) => answer.created)).toHaveLength(1);

  const after = await apiB.workspaces();
  expect(after).toHaveLength(before.length + 1);
  expect(after.filter((workspace) => `${workspace.ownerName}/${workspace.name}` === names[0])).toHaveLength(1);
});


test("a terminal opened through replica B on a workspace whose provisioner runs beside replica A", async ({ browser }) => {
  test.setTimeout(180_000);
  // The provisioner daemon's agents call replica A; B relays to the agent's socket on this machine.
  const workspace = await workspaceSeenByB({ template: "quick", until: (agent) => agent.status === "connected" });
  const context = await browser.newContext({ baseURL: replicaB!.url });
  const page = await context.newPage();
  await new LoginPage(page).signInToChats(owner);
  await page.goto(`/workspaces/${workspace.id}?tab=terminal`);
  await expect(page.getByTestId("terminal-state")).toHaveText("Connected");
  await page.getByTestId("terminal").click();
  await page.keyboard.type("echo replica-$((40+2))");
  await page.keyboard.press("Enter");
  await expect.poll(() => page.locator("[data-testid=terminal] .xterm-rows").innerText()).toContain("replica-42");
  await context.close();
});

test("an app opened through replica B on a workspace whose provisioner runs beside replica A", async ({ browser }) => {
  test.setTimeout(180_000);
  // node-dev's dev server answers "hello from <workspace>" on port 3000 inside the workspace; its
  // agent calls replica A, and B relays the app's requests to the agent's socket on this machine.
  const workspace = await workspaceSeenByB({ template: "node-dev", until: (agent) => agent.lifecycleState === "ready" });
  // localhost, not 127.0.0.1: the app hand-over goes through B's sign-in at its access URL.
  const context = await browser.newContext({ baseURL: `http://localhost:${PORT_B}` });
  const page = await context.newPage();
  await new LoginPage(page).signInToChats(owner);
  const appHost = `web--main--${workspace.name}--${owner.username}.localhost:${PORT_B}`;
  await page.goto(`http://${appHost}/`);
  await expect(page.locator("body")).toContainText(`hello from ${workspace.name}`);
  expect(new URL(page.url()).host).toBe(appHost);
  await context.close();
});
