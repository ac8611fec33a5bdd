import { expect, test } from "@playwright/test";
import { ChatPage } from "./pages/chat-page";
import { LoginPage } from "./pages/login-page";
import { startFakeModelServer, type FakeModelServer } from "./support/fake-openai-server";
import { startNextServer, type NextServer } from "./support/next-server";

// A model server the app reaches through its real provider path (@ai-sdk/openai-compatible):
// a second `next start` is configured with KILN_MODEL and KILN_MODEL_BASE_URL pointing at a fake
// OpenAI-compatible server on 127.0.0.1 that streams tool calls.

const PORT = Number(process.env.E2E_MODEL_PORT ?? 3212);
const owner = { email: "model-owner@example.com", username: "modelowner", password: "model-e2e-password" };

let model: FakeModelServer;
let server: NextServer;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  model = await startFakeModelServer({ template: "quick" });
  server = await startNextServer({ name: "model", port: PORT, env: { KILN_MODEL: "fake-model", KILN_MODEL_BASE_URL: model.baseURL } });
  const created = await fetch(`${server.url}/api/v1/users/first`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(owner),
  });
  expect(created.status).toBe(201);
});

test.afterAll(async () => {
  await server?.stop();
  await model?.close();
});

test("a streamed tool call from an OpenAI-compatible server creates the workspace the same way", async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await new LoginPage(page).signInToChats(owner);
  const chat = new ChatPage(page);
  await chat.startNew();
  await expect(page.getByTestId("model-label")).toContainText("fake-model");
  await chat.send("I need a quick workspace");

  const card = chat.lastToolCard("create_workspace");
  await chat.expectOutcome(card, `${owner.username}/from-model`);
  await chat.expectWorkspaceState("ready");
  await chat.waitForTurnEnd();
  await expect(chat.assistantMessages().last()).toContainText(`Your workspace ${owner.username}/from-model is ready.`);
  // The model was offered the five tools and saw each tool's result.
  expect(model.requests[0]!.tools!.map((t) => t.function.name).sort()).toEqual(
    ["create_workspace", "list_templates", "read_template", "start_workspace", "stop_workspace"],
  );
  expect(model.requests.map((r) => r.messages.at(-1)!.role)).toEqual(["user", "tool", "tool"]);
  await context.close();
});
