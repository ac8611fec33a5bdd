import { describe, expect, it } from "vitest";
import { diffLines } from "./diff-lines";

describe("diffLines", () => {
  it("tells headers, hunks, added, removed and context apart", () => {
    const diff = "--- a/notes.txt\n+++ b/notes.txt\n@@ -1,3 +1,3 @@\n a\n-hello\n+hi\n--- not a header\n+++ nor this\n";
    expect(diffLines(diff).map((line) => line.kind)).toEqual(["header", "header", "hunk", "context", "removed", "added", "removed", "added"]);
  });

  it("a second file's header after a hunk", () => {
    const diff = "@@ -1 +1 @@\n-a\n+b\ndiff --git a/y b/y\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-c\n+d";
    expect(diffLines(diff).map((line) => line.kind)).toEqual(["hunk", "removed", "added", "header", "header", "header", "hunk", "removed", "added"]);
  });

  it("no diff, no lines", () => {
    expect(diffLines("")).toEqual([]);
  });
});
