import { describe, expect, it } from "vitest";
import { findNamedTemplate, understandRequest, type UnderstoodRequest } from "./understand-request";

describe("understandRequest", () => {
  const cases: [text: string, expected: Omit<UnderstoodRequest, "parameters"> & { parameters?: Record<string, string> }][] = [
    // Listing templates, with and without a search.
    ["list templates", { intent: "list_templates" }],
    ["What templates are there?", { intent: "list_templates" }],
    ["which templates can I use", { intent: "list_templates" }],
    ["show me all the templates", { intent: "list_templates" }],
    ["templates for node", { intent: "list_templates", template: "node" }],
    ["Templates for Node.js please", { intent: "list_templates", template: "Node.js" }],
    ["any python templates?", { intent: "list_templates", template: "python" }],
    ["which template should I use for node?", { intent: "list_templates", template: "node" }],
    ["list templates matching 'broken build'", { intent: "list_templates", template: "broken build" }],

    // Creating: template, name and parameters in any order.
    ["create a workspace from node-dev", { intent: "create_workspace", template: "node-dev" }],
    ["Create a workspace from node-dev.", { intent: "create_workspace", template: "node-dev" }],
    [
      "make me a quick workspace called demo with message=hi greeting=hello there",
      { intent: "create_workspace", template: "quick", name: "demo", parameters: { message: "hi", greeting: "hello there" } },
    ],
    [
      "create a workspace from node-dev called demo with greeting=hi",
      { intent: "create_workspace", template: "node-dev", name: "demo", parameters: { greeting: "hi" } },
    ],
    [
      "create a workspace with greeting=hi called demo from node-dev",
      { intent: "create_workspace", template: "node-dev", name: "demo", parameters: { greeting: "hi" } },
    ],
    [
      "CREATE A WORKSPACE FROM NODE-DEV NAMED Demo-1, greeting = hi, node_version=22!",
      { intent: "create_workspace", template: "NODE-DEV", name: "Demo-1", parameters: { greeting: "hi", node_version: "22" } },
    ],
    [
      'create a workspace using the "node-dev" template with greeting="hello world" node_version=\'22\'',
      { intent: "create_workspace", template: "node-dev", parameters: { greeting: "hello world", node_version: "22" } },
    ],
    [
      "Create a workspace from the template called node-dev, named Demo.",
      { intent: "create_workspace", template: "node-dev", name: "Demo" },
    ],
    [
      "new workspace named box-1 from quick message=\u201Ca b=c d\u201D",
      { intent: "create_workspace", template: "quick", name: "box-1", parameters: { message: "a b=c d" } },
    ],
    [
      "create a workspace from node-dev with greeting=hello there please.",
      { intent: "create_workspace", template: "node-dev", parameters: { greeting: "hello there" } },
    ],
    ["please spin up a Node.js box", { intent: "create_workspace", template: "Node.js" }],
    ["start a new workspace from quick", { intent: "create_workspace", template: "quick" }],
    ["create one from quick", { intent: "create_workspace", template: "quick" }],
    ["Is it possible to create a workspace from node-dev?", { intent: "create_workspace", template: "node-dev" }],
    ["I need a new workspace", { intent: "create_workspace" }],
    ["build me a workspace with the name scratch", { intent: "create_workspace", name: "scratch" }],
    ["help me create a workspace from quick", { intent: "create_workspace", template: "quick" }],

    // Start and stop.
    ["start my workspace", { intent: "start_workspace" }],
    ["Start my workspace with greeting=hi", { intent: "start_workspace", parameters: { greeting: "hi" } }],
    ["could you boot it up?", { intent: "start_workspace" }],
    ["turn the workspace on", { intent: "start_workspace" }],
    ["stop my workspace", { intent: "stop_workspace" }],
    ["Please shut it down.", { intent: "stop_workspace" }],
    ["turn it off", { intent: "stop_workspace" }],

    // Status questions, even with start/stop words in them.
    ["status", { intent: "status" }],
    ["what is my workspace doing", { intent: "status" }],
    ["is my workspace running?", { intent: "status" }],
    ["did it stop?", { intent: "status" }],
    ["how's my workspace", { intent: "status" }],

    // Help and the rest.
    ["help", { intent: "help" }],
    ["?", { intent: "help" }],
    ["What can you do?", { intent: "help" }],
    ["hello", { intent: "unknown" }],
    ["thanks!", { intent: "unknown" }],
    ["", { intent: "unknown" }],
  ];

  it.each(cases)("%s", (text, expected) => {
    expect(understandRequest(text)).toEqual({ parameters: {}, ...expected });
  });
});

describe("findNamedTemplate", () => {
  const templates = [
    { name: "node-dev", display_name: "Node.js" },
    { name: "broken-build", display_name: "Broken build" },
    { name: "build" },
  ];

  it.each([
    ["node-dev", "node-dev"],
    ["Use Node.js please", "node-dev"],
    ["the broken build one", "broken-build"],
    ["broken-build", "broken-build"],
    ["build", "build"],
    ["python", undefined],
    ["node", undefined],
  ])("%s → %s", (text, expected) => {
    expect(findNamedTemplate(text, templates)?.name).toBe(expected);
  });
});
