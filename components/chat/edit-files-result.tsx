import { isResult } from "@/lib/chat/tools/tool-results";
import { diffLines, type DiffLine } from "@/lib/chat/view/diff-lines";
import type { ToolPart } from "@/lib/chat/view/tool-part";

// Dark text on a light tint (and the reverse in dark mode): the contrast axe asks for; the
// leading +/- keeps the meaning without colour.
const TONES: Record<DiffLine["kind"], string> = {
  added: "bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-300",
  removed: "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300",
  hunk: "text-sky-800 dark:text-sky-300",
  header: "font-semibold text-stone-700 dark:text-stone-300",
  context: "",
};

/** An edit_files result: each file's unified diff, its lines coloured by kind (as text). */
export function EditFilesResult({ part }: { part: ToolPart }) {
  const files = isResult(part.output) && Array.isArray(part.output.files) ? part.output.files.filter(isResult) : [];
  return (
    <div data-testid="tool-outcome" data-outcome="success" className="flex flex-col gap-2 text-sm">
      {files.length === 0 ? <p>No file was changed.</p> : null}
      {files.map((file, index) => {
        const path = typeof file.path === "string" ? file.path : "";
        return (
          <section key={index} data-testid="file-diff" data-path={path} className="flex flex-col gap-1">
            <h4 className="font-mono text-xs font-medium">{path}</h4>
            <pre tabIndex={0} aria-label={`Changes to ${path}`} className="max-h-96 overflow-auto rounded-md border border-stone-200 font-mono text-xs dark:border-stone-800">
              {diffLines(typeof file.diff === "string" ? file.diff : "").map((line, n) => (
                <span key={n} data-diff={line.kind} className={`block px-2 whitespace-pre ${TONES[line.kind]}`}>
                  {line.text || " "}
                </span>
              ))}
            </pre>
          </section>
        );
      })}
    </div>
  );
}
