import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { chatSchema, toolCallResultSchema, type ChatToolName, type ToolCallResult } from "@/lib/chat/schemas";
import { templateDetailSchema, templateSchema, type TemplateDetail, type TemplateSpecInput } from "@/lib/templates/schemas";
import { workspaceSchema, type Workspace } from "@/lib/workspaces/schemas";

/**
 * The Kiln API as a signed-in user, for seeding what a spec needs (templates, workspaces) without
 * clicking through pages that are not under test. Answers are parsed with the app's own schemas,
 * so a contract drift fails here, at the boundary, rather than as a confusing UI assertion.
 */
export class KilnApi {
  private constructor(readonly request: APIRequestContext) {}

  /** Signs `request` in (the session cookie stays in its storage) and returns the API over it. */
  static async signIn(request: APIRequestContext, account: { email: string; password: string }) {
    await ok(request.post("/api/v1/auth/login", { data: { email: account.email, password: account.password } }));
    return new KilnApi(request);
  }

  /**
   * The API over `request` as it is: its cookies already hold a session (one signed in on another
   * replica, say: sessions live in the database, so any server accepts them).
   */
  static withSession(request: APIRequestContext) {
    return new KilnApi(request);
  }

  /** The id of the template called `name` (e.g. one of the seeded examples: node-dev, quick…). */
  async templateId(name: string): Promise<string> {
    const templates = templateSchema.array().parse(await ok(this.request.get("/api/v1/templates")));
    const template = templates.find((t) => t.name === name);
    if (!template) throw new Error(`No template "${name}"; there are: ${templates.map((t) => t.name).join(", ")}`);
    return template.id;
  }

  /** Creates a template from a spec (admins only); its first version is active at once. */
  async createTemplate(spec: TemplateSpecInput): Promise<TemplateDetail> {
    return templateDetailSchema.parse(await ok(this.request.post("/api/v1/templates", { data: { spec } }), 201));
  }

  /** Creates a member account (admins only) and returns its credentials. */
  async createMember(): Promise<{ email: string; username: string; password: string }> {
    const username = uniqueName("member");
    const member = { email: `${username}@example.com`, username, password: "member-e2e-password" };
    await ok(this.request.post("/api/v1/users", { data: member }), 201);
    return member;
  }

  /** Starts an empty chat; returns its id. */
  async createChat(): Promise<string> {
    return chatSchema.parse(await ok(this.request.post("/api/v1/chats", { data: {} }), 201)).id;
  }

  /**
   * Runs one tool in a chat as the assistant would (recorded in the transcript); the server answers
   * when the tool is done, so a create_workspace waits for the build and the agent.
   */
  async runTool(chatId: string, tool: ChatToolName, input: Record<string, unknown>): Promise<ToolCallResult> {
    const response = this.request.post(`/api/v1/chats/${chatId}/tools/${tool}`, { data: { input }, timeout: 120_000 });
    return toolCallResultSchema.parse(await ok(response));
  }

  /** The signed-in user's workspaces. */
  async workspaces(): Promise<Workspace[]> {
    return workspaceSchema.array().parse(await ok(this.request.get("/api/v1/workspaces")));
  }

  /** Creates a workspace from the template called `template`; its first (start) build begins at once. */
  async createWorkspace({
    template,
    name = uniqueName(template),
    parameters,
  }: {
    template: string;
    name?: string;
    parameters?: Record<string, string>;
  }): Promise<Workspace> {
    const templateId = await this.templateId(template);
    const response = this.request.post("/api/v1/workspaces", { data: { templateId, name, parameters } });
    return workspaceSchema.parse(await ok(response, 201));
  }
}

/**
 * A workspace or template name no earlier run or test has used: the database is fresh per run,
 * but a spec may be repeated (`--repeat-each`) against the same server.
 */
export function uniqueName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 0x1000).toString(16)}`;
  return `${prefix.slice(0, 31 - suffix.length).replace(/-+$/, "")}-${suffix}`;
}

async function ok(pending: Promise<APIResponse>, status = 200): Promise<unknown> {
  const response = await pending;
  // The body is in the message, so a refused seed says why (a validation, a missing template…).
  expect(response.status(), `${response.url()}: ${await response.text()}`).toBe(status);
  return response.json();
}
