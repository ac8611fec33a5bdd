import { expect, it } from "vitest";
import { MAX_PROCESS_REPORTS_PER_REQUEST, processOutputReportSchema } from "./schemas";

const report = (overrides: object = {}) => ({ id: "p-1", from: 0, lines: ["x"], done: false, exitCode: null, ...overrides });

it("takes a report whose numbers fit the database's 32-bit columns, and refuses larger ones (400, not a 500)", () => {
  expect(processOutputReportSchema.safeParse({ processes: [report({ done: true, exitCode: 255 })] }).success).toBe(true);
  expect(processOutputReportSchema.safeParse({ processes: [report({ done: true, exitCode: 3_000_000_000 })] }).success).toBe(false);
  expect(processOutputReportSchema.safeParse({ processes: [report({ from: 2 ** 31 })] }).success).toBe(false);
});

it("bounds the reports of one request: each costs the server statements", () => {
  const many = (count: number) => ({ processes: Array.from({ length: count }, (_, i) => report({ id: `p-${i}`, lines: [] })) });
  expect(processOutputReportSchema.safeParse(many(MAX_PROCESS_REPORTS_PER_REQUEST)).success).toBe(true);
  expect(processOutputReportSchema.safeParse(many(MAX_PROCESS_REPORTS_PER_REQUEST + 1)).success).toBe(false);
});
