import { clientAddress } from "@/lib/api/client-address";
import { json, route } from "@/lib/api/route";
import { login } from "@/lib/auth/login";
import { sessionCookie } from "@/lib/auth/session-cookie";
import { loginSchema } from "@/lib/auth/schemas";
import { config } from "@/lib/config";
import { toUser } from "@/lib/users/to-user";

// POST /api/v1/auth/login - sign in with email and password (throttled); sets the session cookie
export const POST = route({ access: "public", body: loginSchema }, async ({ request, body }) => {
  const address = clientAddress({ headers: request.headers, trustProxy: config().trustProxy });
  const { user, session } = await login({ ...body, clientAddress: address, now: new Date() });
  return json({ user: toUser(user) }, 200, { "Set-Cookie": sessionCookie(session.secret, session.expiresAt) });
});
