import { expect, test, type Browser } from "@playwright/test";
import { chatToolNameSchema } from "@/lib/chat/schemas";
import { ChatPage } from "./pages/chat-page";
import { LoginPage } from "./pages/login-page";
import { expectAccessible } from "./support/axe";
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
  model = await startFakeModelServer({
    template: "quick",
    // "work …": a command that writes a file, then a read of that file.
    work: [
      { name: "execute", args: { command: "printf 'written by execute\\n' > made.txt && echo ran-$((6*7))" } },
      { name: "read_file", args: { path: "made.txt" } },
    ],
  });
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

/** The owner signed in on the model's server, in a new chat. */
async function newChat(browser: Browser) {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await new LoginPage(page).signInToChats(owner);
  const chat = new ChatPage(page);
  await chat.startNew();
  return { context, page, chat };
}

test("a streamed tool call from an OpenAI-compatible server creates the workspace the same way", async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, page, chat } = await newChat(browser);
  await expect(page.getByTestId("model-label")).toContainText("fake-model");
  await chat.send("I need a quick workspace");

  const card = chat.lastToolCard("create_workspace");
  await chat.expectOutcome(card, `${owner.username}/from-model`);
  await chat.expectWorkspaceState("ready");
  await chat.waitForTurnEnd();
  await expect(chat.assistantMessages().last()).toContainText(`Your workspace ${owner.username}/from-model is ready.`);
  // The model was offered the chat's tools and saw each tool's result.
  expect(model.requests[0]!.tools!.map((t) => t.function.name).sort()).toEqual([...chatToolNameSchema.options].sort());
  expect(model.requests.map((r) => r.messages.at(-1)!.role)).toEqual(["user", "tool", "tool"]);
  await context.close();
});

test("the model runs a command, then reads a file, sees both results, and the page shows both cards", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page, chat } = await newChat(browser);
  await chat.send("I need a quick workspace");
  await chat.expectWorkspaceState("ready");
  await chat.waitForTurnEnd();

  const before = model.requests.length;
  await chat.send("work in it");
  const execute = chat.lastToolCard("execute");
  await expect(execute).toHaveAttribute("data-phase", "ended", { timeout: 60_000 });
  await expect(chat.commandOf(execute)).toContainText("printf 'written by execute\\n' > made.txt");
  await expect(chat.processOutput(execute)).toHaveText("ran-42");
  await expect(execute.getByTestId("execute-state")).toHaveText(/^Exited with code 0 after \d/);
  const read = chat.lastToolCard("read_file");
  await expect(chat.fileContent(read)).toHaveText("written by execute");
  await chat.waitForTurnEnd();
  await expect(chat.assistantMessages().last()).toContainText("Done: execute, then read_file.");

  // The model saw both results: the last request carries the command's and the file's.
  const requests = model.requests.slice(before);
  expect(requests.map((r) => r.messages.at(-1)!.role)).toEqual(["user", "tool", "tool"]);
  const results = requests.at(-1)!.messages.filter((m) => m.role === "tool").slice(-2).map((m) => JSON.parse(String(m.content)) as Record<string, unknown>);
  expect(results[0]).toMatchObject({ success: true, exit_code: 0, output: "ran-42\n" });
  expect(results[1]).toMatchObject({ path: expect.stringMatching(/\/made\.txt$/), content: "written by execute\n", total_lines: 1, truncated: false });
  await expectAccessible(page, "chat with command and file cards");
  await context.close();
});
