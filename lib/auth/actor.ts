import type { UserRole } from "./schemas";

/** The signed-in user a request acts for. Domain operations take it to scope their queries. */
export type Actor = {
  id: string;
  email: string;
  username: string;
  name: string;
  role: UserRole;
  /** The session or API token the request came with (an account's own password change keeps it). */
  credentialId?: string;
};

export const isAdmin = (actor: Actor) => actor.role === "admin";

export const SESSION_COOKIE = "kiln_session";
