"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/api/client";
import { fileReadSchema, type FileEntry } from "@/lib/workspace-agents/workspace-api-schemas";

/** Lines fetched for a download: the agent's largest read (files over 1 MiB are refused anyway). */
const DOWNLOAD_LINES = 100_000;

const readPath = (agentId: string, path: string, limit?: number) =>
  apiFetch(`/workspaceagents/${agentId}/files?${new URLSearchParams({ path, ...(limit ? { limit: String(limit) } : {}) })}`, fileReadSchema);

function parentOf(path: string): string {
  const parent = path.replace(/\/[^/]*$/, "");
  return parent || "/";
}

function join(folder: string, name: string): string {
  return folder.endsWith("/") ? `${folder}${name}` : `${folder}/${name}`;
}

/** A small file browser over the workspace API: folders, text files read-only, downloads. */
export function FileBrowser({ agentId }: { agentId: string }) {
  const [folder, setFolder] = useState(".");
  const [file, setFile] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const listing = useQuery({ queryKey: ["workspace-files", agentId, folder], queryFn: () => readPath(agentId, folder), retry: false });
  const opened = useQuery({ queryKey: ["workspace-file", agentId, file], queryFn: () => readPath(agentId, file!), enabled: file !== null, retry: false });
  const here = listing.data?.path ?? folder;

  const download = async (path: string, name: string) => {
    setDownloadError(null);
    try {
      const read = await readPath(agentId, path, DOWNLOAD_LINES);
      if (read.type !== "file") return;
      const url = URL.createObjectURL(new Blob([read.content], { type: "text/plain;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setDownloadError(`${name}: ${(error as Error).message}`);
    }
  };

  const entries: FileEntry[] = listing.data?.type === "directory" ? listing.data.entries : [];
  return (
    <div className="grid gap-4 md:grid-cols-[minmax(14rem,1fr)_2fr]">
      <nav aria-label="Workspace files" className="flex flex-col gap-2 text-sm">
        <div className="flex items-center gap-2">
          <button
            type="button"
            onClick={() => setFolder(parentOf(here))}
            disabled={here === "/"}
            className="rounded border border-stone-300 px-2 py-0.5 disabled:opacity-50 dark:border-stone-700"
          >
            Up
          </button>
          <span data-testid="file-folder" className="truncate font-mono">
            {here}
          </span>
        </div>
        {listing.error ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {listing.error.message}
          </p>
        ) : null}
        {listing.isPending ? <p className="text-stone-600 dark:text-stone-400">Loading…</p> : null}
        <ul className="flex flex-col">
          {entries.map((entry) => (
            <li key={entry.name} className="flex items-center gap-2">
              {entry.type === "directory" ? (
                <button type="button" onClick={() => setFolder(join(here, entry.name))} className="text-left font-mono text-orange-700 hover:underline dark:text-orange-400">
                  {entry.name}/
                </button>
              ) : (
                <>
                  <button type="button" onClick={() => setFile(join(here, entry.name))} className="text-left font-mono hover:underline">
                    {entry.name}
                  </button>
                  <span className="text-xs text-stone-600 dark:text-stone-400">{entry.size} B</span>
                  {entry.type === "file" ? (
                    <button
                      type="button"
                      aria-label={`Download ${entry.name}`}
                      onClick={() => void download(join(here, entry.name), entry.name)}
                      className="ml-auto text-xs text-orange-700 hover:underline dark:text-orange-400"
                    >
                      Download
                    </button>
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ul>
        {downloadError ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {downloadError}
          </p>
        ) : null}
      </nav>
      <section aria-label="File content" className="min-w-0 text-sm">
        {file === null ? <p className="text-stone-600 dark:text-stone-400">Choose a file to read it.</p> : null}
        {opened.error ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {opened.error.message}
          </p>
        ) : null}
        {opened.data?.type === "file" ? (
          <>
            <h3 className="mb-1 font-mono text-xs">
              {opened.data.path}
              {opened.data.truncated ? ` (first lines of ${opened.data.totalLines})` : ""}
            </h3>
            <pre data-testid="file-content" tabIndex={0} className="max-h-[28rem] overflow-auto rounded bg-stone-100 p-2 font-mono text-xs dark:bg-stone-900">
              {opened.data.content}
            </pre>
          </>
        ) : null}
      </section>
    </div>
  );
}
