import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { resetUserPassword } from "@/lib/users/reset-user-password";
import { resetPasswordSchema } from "@/lib/users/schemas";

// POST /api/v1/users/:userId/password - an admin resets a password (generated unless given, answered once)
export const POST = route(
  { access: "admin", params: z.object({ userId: z.uuid() }), body: resetPasswordSchema },
  async ({ params, body, actor, origin }) =>
    json(await resetUserPassword({ userId: params.userId, input: body, actor, requestIp: origin.requestIp })),
);
