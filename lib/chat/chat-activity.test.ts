import { describe, expect, it } from "vitest";
import { chatActivity } from "./chat-activity";

describe("chatActivity", () => {
  it.each([
    ["idle", null, "done"],
    ["running", null, "answering"],
    ["running", "succeeded", "answering"],
    ["running", "running", "building"],
    ["running", "pending", "building"],
    ["idle", "canceling", "building"],
    ["idle", "failed", "failed"],
    ["idle", "canceled", "done"],
    ["error", "succeeded", "failed"],
    ["error", "running", "failed"],
  ] as const)("a %s chat with a %s build is %s", (status, buildStatus, activity) => {
    expect(chatActivity({ status, buildStatus })).toBe(activity);
  });
});
