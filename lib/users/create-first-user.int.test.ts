import { expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { createFirstUser } from "./create-first-user";

const getDb = useTestDatabase();

it("makes exactly one admin when many first-user requests race", async () => {
  const results = await Promise.allSettled(
    Array.from({ length: 5 }, (_, i) =>
      createFirstUser({ input: { email: `admin${i}@example.com`, username: `admin${i}`, password: "password 123" } }),
    ),
  );
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  expect(await getDb().prisma.user.count()).toBe(1);
  expect(await getDb().prisma.organization.count({ where: { isDefault: true } })).toBe(1);
  // The example templates are loaded once, with the one successful setup.
  const templates = await getDb().prisma.template.findMany({ include: { versions: true } });
  expect(templates.map((t) => t.name).sort()).toEqual(["broken-build", "broken-startup", "node-dev", "quick"]);
  expect(templates.every((t) => t.versions.length === 1 && t.activeVersionId === t.versions[0]!.id)).toBe(true);
});
