import { expect, it } from "vitest";
import { auditCsv } from "./audit-csv";
import type { AuditEntry } from "./schemas";

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  id: "00000000-0000-4000-8000-000000000001",
  time: "2026-12-02T03:00:00.000Z",
  actor: { id: "00000000-0000-4000-8000-000000000002", username: "ada" },
  action: "user.create",
  targetType: "user",
  targetId: "t1",
  diff: {},
  ip: "203.0.113.7",
  ...overrides,
});

it("writes a header and one CRLF line per entry, quoting commas, quotes and line breaks", () => {
  const csv = auditCsv([entry({ diff: { name: { before: null, after: 'a "b",\nc' } } })]);
  expect(csv).toBe(
    "time,actor,action,target_type,target_id,diff,ip\r\n" +
      '2026-12-02T03:00:00.000Z,ada,user.create,user,t1,"{""name"":{""before"":null,""after"":""a \\""b\\"",\\nc""}}",203.0.113.7\r\n',
  );
});

it("defuses values a spreadsheet would run as formulas, and leaves the system actor empty", () => {
  const [, line] = auditCsv([entry({ actor: null, targetId: "=HYPERLINK(1)", ip: "@x" })]).split("\r\n");
  expect(line).toBe("2026-12-02T03:00:00.000Z,,user.create,user,'=HYPERLINK(1),{},'@x");
});
