import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { updateUserSchema } from "@/lib/users/schemas";
import { updateUser } from "@/lib/users/update-user";

// PATCH /api/v1/users/:userId - an admin changes a role or suspends / reactivates (409 for the last admin)
export const PATCH = route(
  { access: "admin", params: z.object({ userId: z.uuid() }), body: updateUserSchema },
  async ({ params, body, actor, origin }) => json(await updateUser({ userId: params.userId, input: body, actor, origin })),
);
