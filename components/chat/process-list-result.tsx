import { processesOf } from "@/lib/chat/tools/tool-results";
import type { ToolPart } from "@/lib/chat/view/tool-part";

/** A process_list result: the chat's commands, newest first, in a small table. */
export function ProcessListResult({ part }: { part: ToolPart }) {
  const processes = processesOf(part.output);
  if (processes.length === 0) {
    return (
      <p data-testid="tool-outcome" data-outcome="success" className="text-sm">
        No commands were started from this chat.
      </p>
    );
  }
  return (
    <table data-testid="tool-outcome" data-outcome="success" className="w-full text-left text-xs">
      <caption className="sr-only">Commands started from this chat, newest first</caption>
      <thead>
        <tr className="border-b border-stone-200 dark:border-stone-800">
          <th scope="col" className="py-1 pr-3 font-medium">Process</th>
          <th scope="col" className="py-1 pr-3 font-medium">Command</th>
          <th scope="col" className="py-1 font-medium">State</th>
        </tr>
      </thead>
      <tbody>
        {processes.map((process) => (
          <tr key={process.id} data-testid="process-row" className="border-b border-stone-100 last:border-0 dark:border-stone-900">
            <td className="py-1 pr-3 font-mono break-all">{process.id}</td>
            <td className="py-1 pr-3 font-mono break-all">{process.command}</td>
            <td className="py-1">{process.state}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
