import { readCookie } from "@/lib/api/cookies";
import { json, route } from "@/lib/api/route";
import { SESSION_COOKIE } from "@/lib/auth/actor";
import { deleteSession } from "@/lib/auth/delete-session";
import { clearedSessionCookie } from "@/lib/auth/session-cookie";

// POST /api/v1/auth/logout - end the session and clear its cookie
export const POST = route({ access: "public" }, async ({ request }) => {
  const secret = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  if (secret) await deleteSession({ secret });
  return json({ ok: true }, 200, { "Set-Cookie": clearedSessionCookie() });
});
