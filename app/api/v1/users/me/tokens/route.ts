import { json, route } from "@/lib/api/route";
import { createApiToken } from "@/lib/auth/create-api-token";
import { createTokenSchema } from "@/lib/auth/schemas";

// POST /api/v1/users/me/tokens - a new API token, shown once
export const POST = route({ body: createTokenSchema }, async ({ body, actor }) =>
  json(await createApiToken({ actor, name: body.name, lifetimeDays: body.lifetimeDays }), 201),
);
