import { describe, expect, it } from "vitest";
import { parseTemplateSpec } from "./parse-template-spec";
import { templateParameterSchema, templateSpecSchema } from "./schemas";
import { toTemplateParameters } from "./to-template";

const spec = parseTemplateSpec(`
name: demo
parameters:
  - name: size
    type: number
    display_name: Size
    default: 2
    validation: {min: 1, max: 4, error: "1 to 4"}
  - name: flavour
    type: string
    options: [{name: Vanilla, value: vanilla, description: plain}, {name: Mint, value: mint}]
  - name: debug
    type: bool
    default: false
    mutable: true
`);

describe("toTemplateParameters", () => {
  it("gives the camelCase view in spec order, values as strings, without absent fields", () => {
    const view = toTemplateParameters(spec);
    expect(view).toEqual([
      {
        name: "size",
        type: "number",
        displayName: "Size",
        default: "2",
        required: false,
        mutable: false,
        validation: { min: 1, max: 4, error: "1 to 4" },
      },
      {
        name: "flavour",
        type: "string",
        required: true,
        mutable: false,
        options: [
          { name: "Vanilla", value: "vanilla", description: "plain" },
          { name: "Mint", value: "mint" },
        ],
      },
      { name: "debug", type: "bool", default: "false", required: false, mutable: true },
    ]);
    for (const parameter of view) expect(Object.values(parameter)).not.toContain(undefined);
    expect(templateParameterSchema.array().parse(view)).toEqual(view);
  });

  it("reads the same parameters from a stored (already parsed) spec", () => {
    const stored: unknown = JSON.parse(JSON.stringify(spec));
    expect(toTemplateParameters(templateSpecSchema.parse(stored))).toEqual(toTemplateParameters(spec));
  });
});
