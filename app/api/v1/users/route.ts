import { json, route } from "@/lib/api/route";
import { createUser } from "@/lib/users/create-user";
import { createUserSchema } from "@/lib/users/schemas";
import { toUser } from "@/lib/users/to-user";

// POST /api/v1/users - an admin creates a member or an admin
export const POST = route({ access: "admin", body: createUserSchema }, async ({ body, actor }) => {
  const user = await createUser({ input: body, actor });
  return json(toUser(user), 201);
});
