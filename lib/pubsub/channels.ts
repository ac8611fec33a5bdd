/**
 * Channel names in one place. Payloads are short hints (an id, a word); a subscriber always
 * re-reads the database, so a payload is never the only copy of anything.
 */
export const channels = {
  /** A job was queued or released: idle provisioners try to claim one. Payload: job id. */
  provisionerJobs: () => "provisioner_jobs",
  /** A job's logs or state changed, or a build step began. Payload: "logs" | "state" | "step" | "cancel". */
  job: (jobId: string) => `job:${jobId}`,
  /** A workspace's builds or agents changed. Payload: "build" | "agent". */
  workspace: (workspaceId: string) => `ws:${workspaceId}`,
  /** An agent's connection, lifecycle or logs changed. Payload: "logs" | "state". */
  agent: (agentId: string) => `agent:${agentId}`,
  /** A chat's binding, messages or status changed. */
  chat: (chatId: string) => `chat:${chatId}`,
  /**
   * Something that decides access changed: a user's credentials or status, an agent's address or
   * connection, a workspace's builds. Payload: an access tag (accessTags). Every replica's lookup
   * caches (followedCache) drop what carries that tag.
   */
  access: () => "access",
} as const;
