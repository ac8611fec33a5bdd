import { json, route } from "@/lib/api/route";
import { login } from "@/lib/auth/login";
import { sessionCookie } from "@/lib/auth/session-cookie";
import { loginSchema } from "@/lib/auth/schemas";
import { toUser } from "@/lib/users/to-user";

// POST /api/v1/auth/login - sign in with email and password; sets the session cookie
export const POST = route({ access: "public", body: loginSchema }, async ({ body }) => {
  const { user, session } = await login(body);
  return json({ user: toUser(user) }, 200, { "Set-Cookie": sessionCookie(session.secret, session.expiresAt) });
});
