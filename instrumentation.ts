// Runs once when a Next.js server starts, before it serves requests: opens the database
// (applying migrations) so the first request does not pay for it, and fails loudly when the
// embedded database belongs to another process.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("@/lib/server/start-server");
  await startServer();
}
