import { beforeAll, describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/v1/auth/login/route";
import { POST as createOrganization } from "@/app/api/v1/organizations/route";
import { GET as getTemplate, PATCH as updateTemplate } from "@/app/api/v1/templates/[templateId]/route";
import { POST as createVersion } from "@/app/api/v1/templates/[templateId]/versions/route";
import { GET as listTemplates, POST as createTemplate } from "@/app/api/v1/templates/route";
import { POST as createFirstUser } from "@/app/api/v1/users/first/route";
import { POST as createUser } from "@/app/api/v1/users/route";
import { callRoute } from "@/lib/testing/call-route";
import { useTestDatabase } from "@/lib/testing/test-database";
import { MAX_BUILD_STEPS, MAX_SCRIPTS_PER_AGENT } from "./limits";
import { templateDetailSchema, templateSchema, type Template, type TemplateDetail } from "./schemas";

const getDb = useTestDatabase();

const admin = { email: "admin@example.com", username: "admin", password: "correct horse battery" };
const member = { email: "member@example.com", username: "member", password: "member password 1" };

const EXAMPLES = ["broken-build", "broken-startup", "node-dev", "quick"];

const tinySpec = (name: string, extra = "") => `name: ${name}\ndisplay_name: Tiny\ndescription: A tiny one\n${extra}`;

let adminSession: string;
let memberSession: string;

async function signIn(credentials: { email: string; password: string }) {
  const response = await callRoute(login, { body: credentials });
  expect(response.status).toBe(200);
  return response.session!;
}

async function list(session: string, query = ""): Promise<Template[]> {
  const response = await callRoute(listTemplates, { session, path: `/api/v1/templates${query}` });
  expect(response.status).toBe(200);
  return templateSchema.array().parse(response.body);
}

async function templateNamed(name: string, session = adminSession): Promise<Template> {
  const template = (await list(session)).find((t) => t.name === name);
  if (!template) throw new Error(`no template ${name}`);
  return template;
}

const fields = (body: { validations?: { field: string }[] }) => (body.validations ?? []).map((v) => v.field).sort();

beforeAll(async () => {
  const first = await callRoute(createFirstUser, { body: admin });
  expect(first.status).toBe(201);
  adminSession = first.session!;
  expect((await callRoute(createUser, { session: adminSession, body: member })).status).toBe(201);
  memberSession = await signIn(member);
});

describe("templates API", () => {
  it("seeds the example templates into the default organisation on first user creation", async () => {
    const prisma = getDb().prisma;
    const organization = await prisma.organization.findFirstOrThrow({ where: { isDefault: true } });
    const rows = await prisma.template.findMany({ include: { activeVersion: true }, orderBy: { name: "asc" } });
    expect(rows.map((row) => row.name)).toEqual(EXAMPLES);
    for (const row of rows) {
      expect(row.organizationId).toBe(organization.id);
      expect(row.activeVersion).toMatchObject({ name: "v1", templateId: row.id });
      expect(row.activeVersion!.source).toContain(`name: ${row.name}`);
    }

    const listed = await list(memberSession);
    expect(listed.map((t) => t.name)).toEqual(EXAMPLES);
    expect(listed.find((t) => t.name === "node-dev")).toMatchObject({
      displayName: "Node.js",
      allowedInChat: true,
      deprecated: false,
      organizationId: organization.id,
    });
  });

  it("answers a template with its active version's parameters", async () => {
    const nodeDev = await templateNamed("node-dev", memberSession);
    const response = await callRoute(getTemplate, { session: memberSession, params: { templateId: nodeDev.id } });
    expect(response.status).toBe(200);
    const detail = templateDetailSchema.parse(response.body);
    expect(detail.activeVersion).toMatchObject({ id: nodeDev.activeVersionId, name: "v1" });
    expect(detail.parameters).toEqual([
      {
        name: "node_version",
        type: "string",
        displayName: "Node.js version",
        description: "Major version of Node.js the project declares (engines, .nvmrc). The workspace runs the host's Node.js; the build warns when its major version differs.",
        default: "20",
        required: false,
        mutable: false,
        options: [
          { name: "Node.js 18", value: "18" },
          { name: "Node.js 20", value: "20", description: "Long-term support" },
          { name: "Node.js 22", value: "22" },
        ],
      },
      expect.objectContaining({
        name: "greeting",
        type: "string",
        default: "hello",
        mutable: true,
        validation: {
          regex: "^[a-z][a-z ]*$",
          min: 1,
          max: 32,
          error: "lower-case letters and spaces, starting with a letter, at most 32 characters",
        },
      }),
    ]);
    expect(JSON.stringify(response.body)).not.toContain("KILN_PARAM");
  });

  it("lets an admin create a template from YAML text", async () => {
    const source = tinySpec(
      "from-yaml",
      "parameters:\n  - {name: size, type: number, default: 2, validation: {min: 1, max: 4}}\nbuild:\n  - {name: Prep, run: echo hi}\n",
    );
    const response = await callRoute(createTemplate, { session: adminSession, body: { spec: source } });
    expect(response.status).toBe(201);
    const created = templateDetailSchema.parse(response.body);
    expect(created).toMatchObject({
      name: "from-yaml",
      displayName: "Tiny",
      description: "A tiny one",
      activeVersion: { name: "v1" },
      parameters: [{ name: "size", type: "number", default: "2", required: false, mutable: false, validation: { min: 1, max: 4 } }],
    });
    expect(created.activeVersionId).toBe(created.activeVersion!.id);

    const version = await getDb().prisma.templateVersion.findUniqueOrThrow({ where: { id: created.activeVersion!.id } });
    expect(version.source).toBe(source);
    // The stored spec is the validated one, defaults filled in.
    expect(version.spec).toMatchObject({ build: [{ name: "Prep", run: "echo hi", timeout: 600 }], agents: [] });
  });

  it("lets an admin create a template from a JSON object, in a named organisation", async () => {
    const organization = await getDb().prisma.organization.findFirstOrThrow({ where: { isDefault: true } });
    const spec = { name: "from-json", agents: [{ name: "main", chat: true, scripts: [{ name: "Hi", run: "echo hi" }] }] };
    const response = await callRoute(createTemplate, {
      session: adminSession,
      body: { spec, organizationId: organization.id },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: "from-json",
      displayName: "",
      organizationId: organization.id,
      parameters: [],
      activeVersion: { name: "v1" },
    });
    const version = await getDb().prisma.templateVersion.findUniqueOrThrow({ where: { id: response.body.activeVersionId } });
    expect(JSON.parse(version.source)).toEqual(spec);
    expect((await list(memberSession)).map((t) => t.name)).toContain("from-json");
  });

  it("rejects a bad spec with one validation per bad field and creates nothing", async () => {
    const before = await getDb().prisma.template.count();
    const source = [
      "name: bad-spec",
      "parameters:",
      "  - {name: size, type: integer}",
      "build:",
      "  - {name: Prep, run: echo hi, timeout: soon}",
      "  - {name: Prep, run: echo again}",
    ].join("\n");
    const response = await callRoute(createTemplate, { session: adminSession, body: { spec: source } });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe("Invalid template spec");
    expect(fields(response.body)).toEqual(["spec.build.0.timeout", "spec.build.1.name", "spec.parameters.0.type"]);
    expect(response.body.validations).toContainEqual({
      field: "spec.parameters.0.type",
      detail: "must be one of: string, number, bool",
    });

    const asObject = await callRoute(createTemplate, {
      session: adminSession,
      body: { spec: { name: "Bad Name", build: [{ name: "x", run: "y", timeout: -1 }], colour: "red" } },
    });
    expect(asObject.status).toBe(400);
    expect(fields(asObject.body)).toEqual(["spec.build.0.timeout", "spec.colour", "spec.name"]);

    const notYaml = await callRoute(createTemplate, { session: adminSession, body: { spec: "name: [unclosed" } });
    expect(notYaml.status).toBe(400);
    expect(fields(notYaml.body)).toEqual(["spec"]);

    const noSpec = await callRoute(createTemplate, { session: adminSession, body: { spec: 42 } });
    expect(noSpec.status).toBe(400);
    expect(fields(noSpec.body)).toEqual(["spec"]);

    expect(await getDb().prisma.template.count()).toBe(before);
  });

  it("refuses a template over a limit on the field, as a new template and as a new version; takes one at the limit", async () => {
    const quick = await templateNamed("quick");
    const agentWithScripts = (count: number) => ({
      name: "main",
      scripts: Array.from({ length: count }, (_, index) => ({ name: `s${index}`, run: "true" })),
    });
    const over = { name: "many-scripts", agents: [agentWithScripts(MAX_SCRIPTS_PER_AGENT + 1)] };
    const created = await callRoute(createTemplate, { session: adminSession, body: { spec: over } });
    expect(created.status).toBe(400);
    expect(created.body.validations).toEqual([{ field: "spec.agents.0.scripts", detail: `at most ${MAX_SCRIPTS_PER_AGENT} scripts per agent` }]);
    const version = await callRoute(createVersion, {
      session: adminSession,
      params: { templateId: quick.id },
      body: { spec: { name: "quick", build: Array.from({ length: MAX_BUILD_STEPS + 1 }, (_, index) => ({ name: `b${index}`, run: "true" })) } },
    });
    expect(version.status).toBe(400);
    expect(fields(version.body)).toEqual(["spec.build"]);

    const atLimit = await callRoute(createTemplate, {
      session: adminSession,
      body: { spec: { name: "many-scripts", agents: [agentWithScripts(MAX_SCRIPTS_PER_AGENT)] } },
    });
    expect(atLimit.status).toBe(201);
  });

  it("answers 400 on organizationId for an unknown organisation", async () => {
    const response = await callRoute(createTemplate, {
      session: adminSession,
      body: { spec: tinySpec("nowhere"), organizationId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(response.status).toBe(400);
    expect(response.body.validations).toEqual([{ field: "organizationId", detail: "no such organization" }]);
  });

  it("refuses template writes to members with 403", async () => {
    const quick = await templateNamed("quick");
    const post = await callRoute(createTemplate, { session: memberSession, body: { spec: tinySpec("mine") } });
    expect(post.status).toBe(403);
    const patch = await callRoute(updateTemplate, {
      method: "PATCH",
      session: memberSession,
      params: { templateId: quick.id },
      body: { allowedInChat: false },
    });
    expect(patch.status).toBe(403);
    const version = await callRoute(createVersion, {
      session: memberSession,
      params: { templateId: quick.id },
      body: { spec: tinySpec("quick") },
    });
    expect(version.status).toBe(403);
    expect(await getDb().prisma.template.count({ where: { name: "mine" } })).toBe(0);
    expect(await templateNamed("quick")).toMatchObject({ allowedInChat: true, activeVersionId: quick.activeVersionId });
  });

  it("round-trips allowedInChat, deprecated and display fields through PATCH", async () => {
    const quick = await templateNamed("quick");
    const patch = (body: unknown) =>
      callRoute(updateTemplate, { method: "PATCH", session: adminSession, params: { templateId: quick.id }, body });

    const off = await patch({ allowedInChat: false, deprecated: true, displayName: "Quick one" });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ allowedInChat: false, deprecated: true, displayName: "Quick one", description: quick.description });
    expect(off.body.parameters.map((p: { name: string }) => p.name)).toEqual(["message"]);
    const seen = await callRoute(getTemplate, { session: memberSession, params: { templateId: quick.id } });
    expect(seen.body).toMatchObject({ allowedInChat: false, deprecated: true, displayName: "Quick one" });

    const on = await patch({ allowedInChat: true, deprecated: false });
    expect(on.body).toMatchObject({ allowedInChat: true, deprecated: false, displayName: "Quick one" });
    expect(await templateNamed("quick", memberSession)).toMatchObject({ allowedInChat: true, deprecated: false });

    const empty = await patch({});
    expect(empty.status).toBe(400);
    const wrongType = await patch({ allowedInChat: "yes" });
    expect(wrongType.status).toBe(400);
    expect(fields(wrongType.body)).toEqual(["allowedInChat"]);
  });

  it("makes a new version active, with its parameters, and keeps the name", async () => {
    const template = await templateNamed("from-yaml");
    const source = tinySpec("from-yaml", "parameters:\n  - {name: colour, type: string, options: [{name: Red, value: red}]}\n")
      .replace("display_name: Tiny", "display_name: Tiny v2");
    const response = await callRoute(createVersion, {
      session: adminSession,
      params: { templateId: template.id },
      body: { spec: source },
    });
    expect(response.status).toBe(201);
    expect(response.body.version).toMatchObject({ name: "v2" });
    const detail: TemplateDetail = templateDetailSchema.parse(response.body.template);
    expect(detail).toMatchObject({
      activeVersionId: response.body.version.id,
      activeVersion: { id: response.body.version.id, name: "v2" },
      displayName: "Tiny v2",
      parameters: [{ name: "colour", type: "string", required: true, options: [{ name: "Red", value: "red" }] }],
    });

    const fetched = await callRoute(getTemplate, { session: memberSession, params: { templateId: template.id } });
    expect(fetched.body).toMatchObject({ activeVersion: { name: "v2" }, parameters: [{ name: "colour" }] });

    const third = await callRoute(createVersion, {
      session: adminSession,
      params: { templateId: template.id },
      body: { spec: { name: "from-yaml" } },
    });
    expect(third.status).toBe(201);
    expect(third.body.version.name).toBe("v3");
    // A spec without display fields keeps the template's current ones.
    expect(third.body.template).toMatchObject({ displayName: "Tiny v2", parameters: [] });
    expect(await getDb().prisma.templateVersion.count({ where: { templateId: template.id } })).toBe(3);

    const renamed = await callRoute(createVersion, {
      session: adminSession,
      params: { templateId: template.id },
      body: { spec: tinySpec("other-name") },
    });
    expect(renamed.status).toBe(400);
    expect(renamed.body.validations).toEqual([{ field: "spec.name", detail: 'must be "from-yaml", the name of this template' }]);

    const bad = await callRoute(createVersion, {
      session: adminSession,
      params: { templateId: template.id },
      body: { spec: "name: from-yaml\nbuild:\n  - {name: x, run: y, timeout: 0}\n" },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(["spec.build.0.timeout"]);
    expect(await getDb().prisma.templateVersion.count({ where: { templateId: template.id } })).toBe(3);
  });

  it("numbers concurrent versions of one template apart", async () => {
    const template = await templateNamed("from-json");
    const responses = await Promise.all(
      ["one", "two", "three"].map((label) =>
        callRoute(createVersion, {
          session: adminSession,
          params: { templateId: template.id },
          body: { spec: { name: "from-json", description: label } },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(responses.map((r) => r.body.version.name).sort()).toEqual(["v2", "v3", "v4"]);
    const latest = responses.find((r) => r.body.version.name === "v4")!;
    expect((await templateNamed("from-json")).activeVersionId).toBe(latest.body.version.id);
  });

  it("hides another organisation's templates from members who are not in it", async () => {
    const acme = await callRoute(createOrganization, { session: adminSession, body: { name: "acme" } });
    expect(acme.status).toBe(201);
    const created = await callRoute(createTemplate, {
      session: adminSession,
      body: { spec: tinySpec("secret"), organizationId: acme.body.id },
    });
    expect(created.status).toBe(201);
    expect(created.body.organizationId).toBe(acme.body.id);

    const asMember = await callRoute(getTemplate, { session: memberSession, params: { templateId: created.body.id } });
    expect(asMember.status).toBe(404);
    expect(asMember.body).toEqual({ message: "template not found" });
    expect((await list(memberSession)).map((t) => t.name)).not.toContain("secret");
    expect(await list(memberSession, `?organizationId=${acme.body.id}`)).toEqual([]);

    expect((await list(adminSession)).map((t) => t.name)).toContain("secret");
    expect((await list(adminSession, `?organizationId=${acme.body.id}`)).map((t) => t.name)).toEqual(["secret"]);
    const asAdmin = await callRoute(getTemplate, { session: adminSession, params: { templateId: created.body.id } });
    expect(asAdmin.status).toBe(200);

    // Names are unique per organisation, not across them.
    const sameNameElsewhere = await callRoute(createTemplate, {
      session: adminSession,
      body: { spec: tinySpec("quick"), organizationId: acme.body.id },
    });
    expect(sameNameElsewhere.status).toBe(201);
  });

  it("answers 409 with spec.name for a name taken in the organisation", async () => {
    const before = await getDb().prisma.template.count();
    const response = await callRoute(createTemplate, { session: adminSession, body: { spec: tinySpec("node-dev") } });
    expect(response.status).toBe(409);
    expect(response.body.validations).toEqual([{ field: "spec.name", detail: 'template name "node-dev" is already taken' }]);
    expect(await getDb().prisma.template.count()).toBe(before);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await callRoute(getTemplate, { session: adminSession, params: { templateId: unknown } })).status).toBe(404);
    const patch = await callRoute(updateTemplate, {
      method: "PATCH",
      session: adminSession,
      params: { templateId: unknown },
      body: { deprecated: true },
    });
    expect(patch.status).toBe(404);
    const version = await callRoute(createVersion, {
      session: adminSession,
      params: { templateId: unknown },
      body: { spec: tinySpec("quick") },
    });
    expect(version.status).toBe(404);

    const malformed = await callRoute(getTemplate, { session: adminSession, params: { templateId: "not-a-uuid" } });
    expect(malformed.status).toBe(400);
    expect(fields(malformed.body)).toEqual(["templateId"]);
    const badQuery = await callRoute(listTemplates, { session: adminSession, path: "/api/v1/templates?organizationId=x" });
    expect(badQuery.status).toBe(400);
    // Path and query are screened by the route wrapper, before their schemas.
    const nulQuery = await callRoute(listTemplates, { session: adminSession, path: "/api/v1/templates?organizationId=%00" });
    expect(nulQuery.body).toEqual({ message: "Invalid query", validations: [{ field: "organizationId", detail: "must not contain NUL characters" }] });
    const nulPath = await callRoute(getTemplate, { session: adminSession, params: { templateId: "\0" } });
    expect(nulPath.body).toEqual({ message: "Invalid path", validations: [{ field: "templateId", detail: "must not contain NUL characters" }] });
    expect((await callRoute(listTemplates)).status).toBe(401);
  });
});
