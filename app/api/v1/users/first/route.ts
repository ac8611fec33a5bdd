import { json, route } from "@/lib/api/route";
import { createSession } from "@/lib/auth/create-session";
import { sessionCookie } from "@/lib/auth/session-cookie";
import { createFirstUser } from "@/lib/users/create-first-user";
import { createFirstUserSchema } from "@/lib/users/schemas";
import { toUser } from "@/lib/users/to-user";

// POST /api/v1/users/first - create the first admin and the default organisation, signed in
export const POST = route({ access: "public", body: createFirstUserSchema }, async ({ body }) => {
  const user = await createFirstUser({ input: body });
  const session = await createSession({ userId: user.id });
  return json({ user: toUser(user) }, 201, { "Set-Cookie": sessionCookie(session.secret, session.expiresAt) });
});
