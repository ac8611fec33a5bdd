import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { editWorkspaceFile, editWorkspaceFiles } from "./edit-workspace-file";
import { readWorkspacePath } from "./read-workspace-path";
import { writeWorkspaceFile } from "./write-workspace-file";

// Real files in a temporary home.

const home = mkdtempSync(path.join(os.tmpdir(), "kiln-files-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("workspace files", () => {
  it("writes with parents, reads lines by offset and limit, and lists folders", async () => {
    const content = Array.from({ length: 2500 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    expect(await writeWorkspaceFile({ home, path: "a/b/lines.txt", content })).toEqual({ path: path.join(home, "a/b/lines.txt"), bytes: content.length });
    const first = await readWorkspacePath({ home, path: "a/b/lines.txt" });
    expect(first).toMatchObject({ type: "file", totalLines: 2500, truncated: true });
    expect(first.type === "file" && first.content.split("\n").slice(0, 2)).toEqual(["line 1", "line 2"]);
    expect(first.type === "file" && first.content.split("\n").length).toBe(2001);
    expect(await readWorkspacePath({ home, path: "a/b/lines.txt", offset: 2499, limit: 10 })).toMatchObject({
      content: "line 2499\nline 2500\n",
      truncated: false,
    });
    writeFileSync(path.join(home, "a/b/no-newline.txt"), "one\ntwo");
    expect(await readWorkspacePath({ home, path: path.join(home, "a/b/no-newline.txt") })).toMatchObject({ content: "one\ntwo\n", totalLines: 2 });
    mkdirSync(path.join(home, "a/b/sub"));
    symlinkSync("lines.txt", path.join(home, "a/b/link"));
    expect(await readWorkspacePath({ home, path: "a/b" })).toEqual({
      path: path.join(home, "a/b"),
      type: "directory",
      entries: [
        { name: "lines.txt", type: "file", size: content.length },
        { name: "link", type: "symlink", size: "lines.txt".length },
        { name: "no-newline.txt", type: "file", size: 7 },
        { name: "sub", type: "directory", size: statSync(path.join(home, "a/b/sub")).size },
      ],
    });
  });

  it("refuses big, binary, special and missing files with a clear 4xx", async () => {
    writeFileSync(path.join(home, "big.txt"), "x".repeat(1024 * 1024 + 1));
    writeFileSync(path.join(home, "bin.dat"), Buffer.from([0x41, 0x00, 0x42]));
    execFileSync("mkfifo", [path.join(home, "fifo")]);
    await expect(readWorkspacePath({ home, path: "big.txt" })).rejects.toMatchObject({ code: "payload_too_large", message: expect.stringContaining("1 MiB") });
    await expect(readWorkspacePath({ home, path: "bin.dat" })).rejects.toMatchObject({ code: "unsupported_media_type", message: expect.stringContaining("binary") });
    await expect(readWorkspacePath({ home, path: "fifo" })).rejects.toMatchObject({ code: "bad_request" });
    await expect(readWorkspacePath({ home, path: "missing.txt" })).rejects.toMatchObject({ code: "not_found" });
    await expect(editWorkspaceFile({ home, path: "bin.dat", edits: [{ oldText: "A", newText: "C" }] })).rejects.toMatchObject({ code: "unsupported_media_type" });
  });

  it("edits all or nothing, says which edit failed and why, and answers a unified diff", async () => {
    await writeWorkspaceFile({ home, path: "edit.txt", content: "alpha\nbeta\ngamma\nbeta\n" });
    const before = readFileSync(path.join(home, "edit.txt"), "utf8");
    await expect(
      editWorkspaceFile({ home, path: "edit.txt", edits: [{ oldText: "alpha", newText: "ALPHA" }, { oldText: "delta", newText: "x" }] }),
    ).rejects.toMatchObject({ code: "bad_request", message: "edit 2 of 2: oldText not found" });
    await expect(editWorkspaceFile({ home, path: "edit.txt", edits: [{ oldText: "beta", newText: "x" }] })).rejects.toMatchObject({
      message: expect.stringMatching(/^edit 1 of 1: oldText found 2 times/),
    });
    expect(readFileSync(path.join(home, "edit.txt"), "utf8")).toBe(before);
    const { diff } = await editWorkspaceFile({
      home,
      path: "edit.txt",
      edits: [
        { oldText: "alpha", newText: "ALPHA" },
        { oldText: "beta", newText: "BETA", replaceAll: true },
        // Sees the result of the edits before it.
        { oldText: "ALPHA\nBETA", newText: "first" },
      ],
    });
    expect(readFileSync(path.join(home, "edit.txt"), "utf8")).toBe("first\ngamma\nBETA\n");
    expect(diff).toContain("@@ -1,4 +1,3 @@");
    expect(diff).toContain("-alpha\n-beta\n+first\n gamma\n-beta\n+BETA\n");
    // No temporary file is left behind.
    expect(readdirSync(home).filter((name) => name.includes("kiln-"))).toEqual([]);
  });

  it("refuses a replaceAll that would grow the file past 1 MiB without building it", async () => {
    await writeWorkspaceFile({ home, path: "grow.txt", content: "a".repeat(100_000) });
    await expect(
      editWorkspaceFile({ home, path: "grow.txt", edits: [{ oldText: "a", newText: "b".repeat(100_000), replaceAll: true }] }),
    ).rejects.toMatchObject({ code: "payload_too_large" });
  });

  it("edits several files all or none: a failure names the file and the edit and writes nothing, no temporary file is left, a file named twice is refused", async () => {
    const dir = path.join(home, "batch");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "x.txt"), "one\ntwo\n");
    writeFileSync(path.join(dir, "y.txt"), "three\n");
    const edit = (oldText: string, newText: string) => ({ oldText, newText });
    await expect(
      editWorkspaceFiles({ home, files: [{ path: "batch/x.txt", edits: [edit("one", "ONE")] }, { path: "batch/y.txt", edits: [edit("three", "3"), edit("four", "4")] }] }),
    ).rejects.toThrow(`${path.join(dir, "y.txt")}: edit 2 of 2: oldText not found`);
    await expect(editWorkspaceFiles({ home, files: [{ path: "batch/x.txt", edits: [edit("one", "1")] }, { path: "batch/missing.txt", edits: [edit("a", "b")] }] })).rejects.toThrow(
      "missing.txt not found",
    );
    await expect(editWorkspaceFiles({ home, files: [{ path: "batch/x.txt", edits: [edit("one", "1")] }, { path: `${dir}/x.txt`, edits: [edit("two", "2")] }] })).rejects.toThrow(
      "is named twice",
    );
    expect(readFileSync(path.join(dir, "x.txt"), "utf8")).toBe("one\ntwo\n");
    const done = await editWorkspaceFiles({ home, files: [{ path: "batch/x.txt", edits: [edit("one", "1")] }, { path: "batch/y.txt", edits: [edit("three", "3")] }] });
    expect(done.files.map((file) => file.path)).toEqual([path.join(dir, "x.txt"), path.join(dir, "y.txt")]);
    expect(done.files[1]!.diff).toContain("-three\n+3");
    expect([readFileSync(path.join(dir, "x.txt"), "utf8"), readFileSync(path.join(dir, "y.txt"), "utf8")]).toEqual(["1\ntwo\n", "3\n"]);
    expect(readdirSync(dir).sort()).toEqual(["x.txt", "y.txt"]);
  });
});
