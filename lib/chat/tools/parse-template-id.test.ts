import { describe, expect, it } from "vitest";
import { parseTemplateId } from "./parse-template-id";
import { ToolTextError } from "./tool-text-error";

// docs/chat-tools.md, create_workspace steps 1–2 and read_template: template_id trimmed; empty →
// the tool's "required" text; not a UUID → `invalid template_id: <reason>`.

const REQUIRED = "template_id is required; use list_templates to find one";
const ID = "3f0c2a9e-5b7d-4c1e-9a2b-7d6e5f4a3b2c";

/** The text error a call throws, or null when it returns. */
function textError(raw: string | undefined): string | null {
  try {
    parseTemplateId(raw, REQUIRED);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ToolTextError);
    return (error as Error).message;
  }
}

describe("parseTemplateId", () => {
  it.each([undefined, "", "   ", "\t\n"])("empty or whitespace template_id (%j) → the required text", (raw) => {
    expect(textError(raw)).toBe(REQUIRED);
  });

  it("the caller's required text is the one used (read_template's is shorter)", () => {
    expect(() => parseTemplateId("", "template_id is required")).toThrow(new ToolTextError("template_id is required"));
  });

  it.each([
    ["nope", "invalid template_id: invalid UUID length: 4"],
    ["quick", "invalid template_id: invalid UUID length: 5"],
    [`${ID}0`, "invalid template_id: invalid UUID length: 37"],
    ["zzzzzzzz-5b7d-4c1e-9a2b-7d6e5f4a3b2c", "invalid template_id: invalid UUID format"],
    ["3f0c2a9e_5b7d_4c1e_9a2b_7d6e5f4a3b2c", "invalid template_id: invalid UUID format"],
    ["3f0c2a9e5b7d4c1e9a2b7d6e5f4a3bzz", "invalid template_id: invalid UUID format"],
  ])("not a UUID (%s) → invalid template_id with the reason", (raw, message) => {
    expect(textError(raw)).toBe(message);
  });

  it("a UUID is returned as is, trimmed", () => {
    expect(parseTemplateId(`  ${ID}\n`, REQUIRED)).toBe(ID);
  });

  it("an upper-case UUID is accepted and returned in canonical lower case", () => {
    expect(parseTemplateId(ID.toUpperCase(), REQUIRED)).toBe(ID);
  });

  it("the other spellings a UUID parser accepts (braces, urn:uuid:, 32 hex digits) give the canonical form", () => {
    expect(parseTemplateId(`{${ID}}`, REQUIRED)).toBe(ID);
    expect(parseTemplateId(`urn:uuid:${ID}`, REQUIRED)).toBe(ID);
    expect(parseTemplateId(ID.replace(/-/g, ""), REQUIRED)).toBe(ID);
  });
});
