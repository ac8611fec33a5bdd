import { describe, expect, it } from "vitest";
import { checkParameterValue, templateParameterSpecSchema } from "./schemas";
import { compileUserRegex, MAX_USER_REGEX_PROGRAM_SIZE } from "./user-regex";

const REDOS = "^([a-z]+)*$";
const REDOS_VALUE = `${"a".repeat(34)}!`;

function problemOf(pattern: string): string | null {
  const compiled = compileUserRegex(pattern);
  return compiled.isValid ? null : compiled.problem;
}

describe("compileUserRegex", () => {
  it("matches the catastrophic-backtracking pattern in linear time", () => {
    const regex = compileUserRegex(REDOS);
    if (!regex.isValid) throw new Error(regex.problem);
    // JavaScript's RegExp needs 2^34 steps here (86 s measured); RE2 needs one pass. The bound is
    // far above RE2's time and far below RegExp's, so load on the machine cannot decide it.
    const started = performance.now();
    expect(regex.test(REDOS_VALUE)).toBe(false);
    expect(regex.test(`${"a".repeat(4095)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(regex.test("abc")).toBe(true);
  });

  it("matches anywhere in the value, like RegExp.test", () => {
    const regex = compileUserRegex("[0-9]+");
    expect(regex.isValid && regex.test("abc123")).toBe(true);
    const anchored = compileUserRegex("^[0-9]+$");
    expect(anchored.isValid && anchored.test("abc123")).toBe(false);
  });

  it.each([
    ["a backreference", "(a)\\1", /invalid escape sequence/],
    ["a lookahead", "(?=a)a", /unsupported Perl syntax/],
    ["a lookbehind", "(?<=a)b", /invalid named capture/],
    ["an unclosed group", "(abc", /missing closing \)/],
  ])("refuses %s, saying RE2 syntax is expected", (_, pattern, reason) => {
    const problem = problemOf(pattern);
    expect(problem).toMatch(/^invalid regular expression: /);
    expect(problem).toMatch(reason);
    expect(problem).toContain("RE2 syntax");
  });

  it("refuses a program too large to match quickly", () => {
    expect(problemOf("(" + "(.{100})|".repeat(20) + ")*$")).toMatch(/^too complex to match quickly/);
    expect(problemOf(`^.{${MAX_USER_REGEX_PROGRAM_SIZE}}$`)).toMatch(/^too complex/);
    expect(problemOf("^[a-z][a-z0-9-]{0,62}$")).toBeNull();
  });
});

describe("template parameter regexes", () => {
  it("refuses at parse what RE2 cannot compile, on validation.regex", () => {
    const result = templateParameterSpecSchema.safeParse({ name: "p", type: "string", validation: { regex: "(a)\\1" } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["validation.regex"]);
  });

  it("accepts the backtracking pattern and checks values against it without backtracking", () => {
    const parameter = templateParameterSpecSchema.parse({ name: "p", type: "string", validation: { regex: REDOS } });
    const started = performance.now();
    expect(checkParameterValue(parameter, REDOS_VALUE)).toBe(`must match ${REDOS}`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(checkParameterValue(parameter, "abc")).toBeNull();
  });
});
