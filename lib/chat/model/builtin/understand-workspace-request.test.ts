import { describe, expect, it } from "vitest";
import { understandRequest } from "./understand-request";
import { understandWorkspaceRequest, type WorkspaceRequest } from "./understand-workspace-request";

describe("understandWorkspaceRequest", () => {
  const cases: [text: string, expected: WorkspaceRequest][] = [
    // Commands: as typed, quoted or not, without "in my workspace".
    ["run npm test", { intent: "execute", command: "npm test" }],
    ["run `ls -la` in my workspace", { intent: "execute", command: "ls -la" }],
    ["Please run node -v", { intent: "execute", command: "node -v" }],
    ["run sleep 30; echo done", { intent: "execute", command: "sleep 30; echo done" }],
    ["execute 'echo \"a b\"' in the workspace please", { intent: "execute", command: 'echo "a b"' }],
    ["run npm start", { intent: "execute", command: "npm start" }],
    ["run for i in $(seq 1 3); do echo line-$i; done", { intent: "execute", command: "for i in $(seq 1 3); do echo line-$i; done" }],

    // Reading files and folders.
    ["show me package.json", { intent: "read_file", path: "package.json" }],
    ["Show me notes.txt.", { intent: "read_file", path: "notes.txt" }],
    ["show lines 10-20 of src/index.js", { intent: "read_file", path: "src/index.js", offset: 10, limit: 11 }],
    ["show me lines 3 to 3 in the file 'a b.txt'", { intent: "read_file", path: "a b.txt", offset: 3, limit: 1 }],
    ["read the file src/app.ts", { intent: "read_file", path: "src/app.ts" }],
    ["cat ./README.md", { intent: "read_file", path: "./README.md" }],
    ["what's in src/?", { intent: "read_file", path: "src/" }],
    ["show me the folder .", { intent: "read_file", path: "." }],

    // Writing and editing.
    ["write hello to notes.txt", { intent: "write_file", path: "notes.txt", content: "hello\n" }],
    ['write "hello world" into docs/a.md', { intent: "write_file", path: "docs/a.md", content: "hello world\n" }],
    ["replace hello with hi in notes.txt", { intent: "edit_files", path: "notes.txt", oldText: "hello", newText: "hi", replaceAll: false }],
    [
      'replace all "foo bar" with `baz` in src/x.js',
      { intent: "edit_files", path: "src/x.js", oldText: "foo bar", newText: "baz", replaceAll: true },
    ],

    // Processes.
    ["what is running", { intent: "process_list" }],
    ["What's running?", { intent: "process_list" }],
    ["list processes", { intent: "process_list" }],
    ["stop process call_abc-123", { intent: "process_signal", processId: "call_abc-123", signal: "terminate" }],
    ["kill process 42", { intent: "process_signal", processId: "42", signal: "kill" }],
  ];

  it.each(cases)("%s", (text, expected) => {
    expect(understandWorkspaceRequest(text)).toEqual(expected);
  });

  it.each([
    "start my workspace",
    "stop my workspace",
    "is my workspace running?",
    "show me all the templates",
    "show me the templates",
    "create a workspace from node-dev",
    "run my workspace",
    "list templates",
    "help",
    "hello",
    "",
  ])("%s is not about work inside the workspace", (text) => {
    expect(understandWorkspaceRequest(text)).toBeNull();
  });

  it("reads a long pasted request quickly", () => {
    const started = performance.now();
    understandWorkspaceRequest(`write ${"a ".repeat(5000)} to`);
    understandWorkspaceRequest(`run ${"x in my ".repeat(1000)}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("understandRequest with work inside the workspace", () => {
  it("takes a command before the workspace words in it", () => {
    expect(understandRequest("run npm start")).toEqual({ intent: "workspace_work", parameters: {}, work: { intent: "execute", command: "npm start" } });
    expect(understandRequest("stop process p1")).toMatchObject({ intent: "workspace_work", work: { intent: "process_signal" } });
    expect(understandRequest("stop my workspace")).toEqual({ intent: "stop_workspace", parameters: {} });
  });
});
