/**
 * A text error of a chat tool (SPEC-chat-tools.md): a plain message for bad input, configuration
 * and look-up failures, returned with isError true. Build failures and rejected requests are
 * structured results with an `error` key instead, never this.
 */
export class ToolTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolTextError";
  }
}
