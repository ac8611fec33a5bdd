import { describe, expect, it } from "vitest";
import { generateWorkspaceName, isValidWorkspaceName, workspaceNameSchema } from "./workspace-name";

/** A random source that returns the given numbers in turn. */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length] ?? 0;
}

// 0xbeef / 0x10000: the suffix comes out as "beef".
const BEEF = 0xbeef / 0x10000;

describe("isValidWorkspaceName", () => {
  it.each(["a", "dev", "my-box", "My-Box", "MAIN", "a1-b2-c3", "x".repeat(32), "news", "create-1", "renew"])(
    "accepts %j",
    (name) => expect(isValidWorkspaceName(name)).toBe(true),
  );

  it.each([
    ["empty", ""],
    ["too long", "x".repeat(33)],
    ["leading hyphen", "-dev"],
    ["trailing hyphen", "dev-"],
    ["double hyphen", "a--b"],
    ["underscore", "my_box"],
    ["space", "my box"],
    ["dot", "my.box"],
    ["non-ASCII", "café"],
    ["reserved new", "new"],
    ["reserved create", "create"],
    ["reserved in any case", "New"],
    ["reserved in any case", "CREATE"],
  ])("rejects %s: %j", (_, name) => expect(isValidWorkspaceName(name)).toBe(false));
});

describe("generateWorkspaceName", () => {
  it.each([
    ["a template name", "node-dev", "node-dev-beef"],
    ["an email: the part before the @", "Alice.Smith@example.com", "alicesmith-beef"],
    ["an email with several @: the part before the last", "a@b@example.com", "ab-beef"],
    ["upper case, lowered", "MyProject", "myproject-beef"],
    ["invalid characters dropped", "my_project (v2)!", "myprojectv2-beef"],
    ["blank", "", "workspace-beef"],
    ["only invalid characters", "!!! ___", "workspace-beef"],
    ["only an email domain", "@example.com", "workspace-beef"],
    ["reserved word new", "new", "new-beef"],
    ["reserved word create", "create", "create-beef"],
    ["long: cut to 27 characters", "abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqrstuvwxyz0-beef"],
    ["long: hyphens trimmed after the cut", `${"a".repeat(26)}-bcdef`, `${"a".repeat(26)}-beef`],
    ["leading hyphens trimmed", "--dev", "dev-beef"],
  ])("%s: %j → %j", (_, seed, expected) => {
    const name = generateWorkspaceName(seed, sequence(BEEF));
    expect(name).toBe(expected);
    expect(isValidWorkspaceName(name)).toBe(true);
    expect(name.length).toBeLessThanOrEqual(32);
  });

  it("pads the random suffix to 4 hex characters", () => {
    expect(generateWorkspaceName("dev", sequence(0))).toBe("dev-0000");
    expect(generateWorkspaceName("dev", sequence(0.999999))).toBe("dev-ffff");
    // A random source that returns 1 (outside [0, 1)) must not produce 5 characters.
    expect(generateWorkspaceName("dev", sequence(1))).toBe("dev-ffff");
  });

  it.each([
    ["only hyphens", "---"],
    ["double hyphens kept from the seed", "a--b"],
    ["hyphens left between dropped characters", "a-!-b"],
  ])("falls back to adjective-noun when the result is invalid: %s", (_, seed) => {
    const name = generateWorkspaceName(seed, sequence(0, 0, 0));
    expect(name).toMatch(/^[a-z]+-[a-z]+$/);
    expect(isValidWorkspaceName(name)).toBe(true);
    expect(generateWorkspaceName(seed, sequence(BEEF, 0, 0.999))).not.toBe(name);
  });

  it("uses Math.random by default and stays valid", () => {
    for (const seed of ["", "dev", "x@y", "---", "Ünïcödé"]) {
      expect(isValidWorkspaceName(generateWorkspaceName(seed))).toBe(true);
    }
  });
});

describe("workspaceNameSchema", () => {
  it("accepts a valid name, trimmed, keeping its case", () => {
    expect(workspaceNameSchema.parse("  My-Box ")).toBe("My-Box");
  });

  it.each([
    ["", "required"],
    ["x".repeat(33), "at most 32 characters"],
    ["a--b", "letters, digits and single hyphens between them"],
    ["new", '"new" and "create" are reserved'],
  ])("rejects %j with a clear message", (name, message) => {
    const result = workspaceNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });
});
