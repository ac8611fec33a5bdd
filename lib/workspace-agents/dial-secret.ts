import { createHash } from "node:crypto";

// The secret the server shows on every request to an agent's own listener. Derived from the
// agent's token hash, which only the server's database holds: no extra column, and the agent can
// compute it from its token. Whoever can read the database can dial agents (as they could read
// everything else); a workspace, which sees neither, cannot.

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** On the server: from the stored token hash. */
export function dialSecretFromTokenHash(tokenHash: string): string {
  return sha256(`kiln-agent-dial\n${tokenHash}`);
}

/** In the agent: from its own token (hashSecret is sha256 hex). */
export function dialSecretFromToken(token: string): string {
  return dialSecretFromTokenHash(sha256(token));
}
