import { isResult } from "@/lib/chat/tools/tool-results";
import type { ToolPart } from "@/lib/chat/view/tool-part";

const str = (value: unknown) => (typeof value === "string" ? value : undefined);

/** A read_file result (a file's text, or a folder's entries) or a write_file one (path and size). */
export function FileResult({ part }: { part: ToolPart }) {
  const output = isResult(part.output) ? part.output : {};
  const path = str(output.path) ?? str(part.input.path) ?? "";
  if (part.toolName === "write_file") {
    const bytes = typeof output.bytes === "number" ? output.bytes : 0;
    return (
      <p data-testid="tool-outcome" data-outcome="success" className="text-sm">
        Wrote {bytes} {bytes === 1 ? "byte" : "bytes"} to <code className="font-mono text-xs">{path}</code>.
      </p>
    );
  }
  if (Array.isArray(output.entries)) {
    const entries = output.entries.filter(isResult);
    return (
      <div data-testid="tool-outcome" data-outcome="success" className="flex flex-col gap-1 text-sm">
        <p>
          Folder <code className="font-mono text-xs">{path}</code>: {entries.length} {entries.length === 1 ? "entry" : "entries"}
        </p>
        <ul data-testid="folder-entries" className="list-none font-mono text-xs">
          {entries.map((entry, index) => (
            <li key={index}>
              {str(entry.name)}
              {entry.type === "directory" ? "/" : ""}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const content = str(output.content) ?? "";
  const total = typeof output.total_lines === "number" ? output.total_lines : null;
  const offset = typeof part.input.offset === "number" ? part.input.offset : 1;
  const shown = content === "" ? 0 : content.replace(/\n$/, "").split("\n").length;
  const range = total !== null && (shown < total || offset > 1) && shown > 0 ? `lines ${offset}–${offset + shown - 1} of ${total}` : total !== null ? `${total} ${total === 1 ? "line" : "lines"}` : null;
  return (
    <div data-testid="tool-outcome" data-outcome="success" className="flex flex-col gap-1 text-sm">
      <p>
        <code className="font-mono text-xs">{path}</code>
        {range ? <span className="text-stone-600 dark:text-stone-400"> · {range}</span> : null}
        {output.truncated === true ? <span className="text-stone-600 dark:text-stone-400"> · cut short</span> : null}
      </p>
      <pre
        data-testid="file-content"
        tabIndex={0}
        aria-label={`Content of ${path}`}
        className="max-h-96 overflow-auto rounded-md bg-stone-100 p-2 font-mono text-xs whitespace-pre dark:bg-stone-900"
      >
        {content === "" ? "(empty)" : content}
      </pre>
    </div>
  );
}
