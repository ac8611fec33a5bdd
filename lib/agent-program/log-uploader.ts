import { MAX_AGENT_LOG_OUTPUT_BYTES, truncateUtf8, type AgentLogLine } from "../workspace-agents/schemas";
import { BatchUploader, type BatchUploaderOptions } from "./batch-uploader";

export type LogUploaderOptions = BatchUploaderOptions<AgentLogLine>;

/** Streams startup-script log lines to the server (BatchUploader), each cut as the server would. */
export class LogUploader extends BatchUploader<AgentLogLine> {
  override push(line: AgentLogLine): void {
    // Cut here as the server would: one line must always fit in one batch.
    super.push({ ...line, output: truncateUtf8(line.output, MAX_AGENT_LOG_OUTPUT_BYTES) });
  }
}
