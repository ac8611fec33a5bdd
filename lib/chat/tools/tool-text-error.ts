/**
 * A text error of a chat tool (docs/chat-tools.md, "Two kinds of failure"): a plain message for bad input, configuration
 * and look-up failures, returned with isError true. Build failures and rejected requests are
 * structured results with an `error` key instead, never this.
 */
export class ToolTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolTextError";
  }
}
