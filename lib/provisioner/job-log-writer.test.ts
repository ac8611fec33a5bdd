import { beforeEach, expect, it, vi } from "vitest";

const stored: string[][] = [];
vi.mock("@/lib/db/client", () => ({
  db: async () => ({
    $executeRaw: async (_strings: TemplateStringsArray, ...values: unknown[]) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      stored.push(values[4] as string[]);
    },
  }),
}));
vi.mock("@/lib/pubsub/pubsub", () => ({ pubsub: async () => ({ publish: async () => {} }) }));

const { JobLogWriter } = await import("./job-log-writer");

beforeEach(() => {
  stored.length = 0;
});

it("stores every line in order, in batches, and flush resolves when they are stored", async () => {
  const writer = new JobLogWriter("job");
  for (let i = 0; i < 1000; i++) writer.write("step", `line ${i}`);
  await writer.flush();
  expect(stored.flat()).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${i}`));
});

it("keeps working after its timer fired with nothing left to write (flush must not spin)", async () => {
  const writer = new JobLogWriter("job");
  writer.write("step", "first");
  const flushing = writer.flush();
  // Written while the first batch is being stored: the running write takes it, and the batching
  // timer this line started later fires on an empty buffer.
  writer.write("step", "second");
  await flushing;
  await new Promise((resolve) => setTimeout(resolve, 80));
  writer.write("step", "third");
  await Promise.race([writer.flush(), new Promise((_, reject) => setTimeout(() => reject(new Error("flush hung")), 1000))]);
  expect(stored.flat()).toEqual(["first", "second", "third"]);
});
