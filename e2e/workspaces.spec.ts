import { uniqueName } from "./api";
import { expect, test } from "./fixtures";
import { NODE_DEV_FIRST_LINE, NODE_DEV_READY_LINE } from "./support/node-dev-lines";

// Each spec seeds its own workspace through the API and then drives the page: the real server,
// the real provisioner and real agent processes (e2e/global-teardown.ts stops any left running).

test("a node-dev workspace streams its build, starts its agent, and stops, starts and deletes", async ({
  api,
  workspacePage,
  workspacesPage,
}) => {
  // Four builds (start, stop, start, delete) and two agent startups, each several seconds long.
  test.setTimeout(180_000);
  const workspace = await api.createWorkspace({ template: "node-dev" });
  await workspacePage.goto(workspace.id);

  // node-dev's steps take a second or more (npm init): its first line shows while the build still runs.
  await workspacePage.waitForBuildLog(NODE_DEV_FIRST_LINE);
  expect(await workspacePage.buildStatus().getAttribute("data-status")).toMatch(/^(pending|running)$/);
  // `\033[1;34m==>\033[0m` in the step's output.
  await workspacePage.expectColouredBuildLog("==>");

  await workspacePage.expectBuildStatus("succeeded");
  await workspacePage.waitForBuildLog("Build succeeded.");
  await workspacePage.expectBuildLogFollowedTo("Build succeeded.");
  await workspacePage.waitForAgentStatus("connected");
  await workspacePage.waitForAgentLifecycle("ready");
  await workspacePage.waitForStartupLog(NODE_DEV_READY_LINE);
  await workspacePage.waitForStartupLog("on http://127.0.0.1:3000");
  await workspacePage.expectStatus("running");

  await workspacesPage.goto();
  await workspacesPage.expectStatus(workspace.name, "running");
  await workspacesPage.open(workspace.name);

  await workspacePage.stop();
  await workspacePage.expectStatus("stopped");
  await workspacePage.waitForAgentLifecycle("off");

  await workspacePage.start();
  await workspacePage.expectStatus("running");
  await workspacePage.waitForAgentLifecycle("ready");
  await workspacePage.waitForStartupLog(NODE_DEV_READY_LINE);

  await workspacePage.delete();
  await workspacePage.expectStatus("deleted");
  await workspacesPage.goto();
  await expect(workspacesPage.row(workspace.name)).toHaveCount(0);
});

test("a running build can be canceled", async ({ api, workspacePage }) => {
  // A build that surely outlasts the click: node-dev's real steps can finish first.
  const template = await api.createTemplate({
    name: uniqueName("slow-build"),
    build: [
      { name: "Begin", run: "echo begun" },
      { name: "Wait", run: "sleep 60; echo never printed" },
    ],
    agents: [{ name: "main" }],
  });
  const workspace = await api.createWorkspace({ template: template.name });
  await workspacePage.goto(workspace.id);

  await workspacePage.waitForBuildLog("begun");
  await workspacePage.cancelBuild();
  await workspacePage.expectStatus("canceled");
  await workspacePage.expectBuildStatus("canceled");
  await workspacePage.waitForBuildLog("Build failed: build was canceled");
  await expect(workspacePage.buildLog()).not.toContainText("never printed");
  await expect(workspacePage.agent()).toHaveCount(0);
});

test("a failing build shows the failed status and the step's error", async ({ api, workspacePage }) => {
  const workspace = await api.createWorkspace({ template: "broken-build" });
  await workspacePage.goto(workspace.id);

  await workspacePage.expectStatus("failed");
  await workspacePage.expectBuildStatus("failed");
  await expect(workspacePage.buildError()).toContainText('build step "Compile" failed with exit code 3');
  await expect(workspacePage.buildError()).toContainText('error: src/broken.c:12: expected ";" before "}"');
  await workspacePage.waitForBuildLog('error: src/broken.c:12: expected ";" before "}"');
  await expect(workspacePage.buildLog()).not.toContainText("this step never runs");
});

test("log lines are shown as text, never as HTML", async ({ api, page, workspacePage }) => {
  const image = `<img src=x onerror="window.__xss=1">`;
  const bold = "<b>bold</b>";
  // Behind an ANSI colour, a line takes the other rendering path (through the ANSI parser).
  const coloured = "<u>underlined</u>";
  const print = `printf '%s\\n' '${image}' '${bold}'\nprintf '\\033[31m%s\\033[0m\\n' '${coloured}'`;
  const template = await api.createTemplate({
    name: uniqueName("html-in-logs"),
    build: [{ name: "Print markup", run: print, timeout: 30 }],
    agents: [{ name: "main", scripts: [{ name: "Print markup", run: print, timeout: 30 }] }],
  });
  const workspace = await api.createWorkspace({ template: template.name });
  await workspacePage.goto(workspace.id);

  await workspacePage.waitForBuildLog(image);
  await workspacePage.waitForBuildLog(bold);
  await workspacePage.waitForBuildLog(coloured);
  await workspacePage.waitForAgentLifecycle("ready");
  await workspacePage.waitForStartupLog(image);
  await workspacePage.waitForStartupLog(bold);
  await workspacePage.waitForStartupLog(coloured);

  for (const log of [workspacePage.buildLog(), workspacePage.startupLog()]) {
    await expect(log.locator("img, b, u")).toHaveCount(0);
  }
  // An injected <img> would have failed to load by now and run its handler.
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
});
