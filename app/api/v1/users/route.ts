import { json, route } from "@/lib/api/route";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";
import { createUserSchema } from "@/lib/users/schemas";

// GET /api/v1/users - an admin lists every user with status, last seen and workspace count
export const GET = route({ access: "admin" }, async ({ actor }) => json(await listUsers({ actor })));

// POST /api/v1/users - an admin creates a member or an admin (a generated password is answered once)
export const POST = route({ access: "admin", body: createUserSchema }, async ({ body, actor, origin }) =>
  json(await createUser({ input: body, actor, requestIp: origin.requestIp }), 201),
);
