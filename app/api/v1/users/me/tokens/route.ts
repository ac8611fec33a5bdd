import { json, route } from "@/lib/api/route";
import { createApiToken } from "@/lib/auth/create-api-token";
import { listApiTokens } from "@/lib/auth/list-api-tokens";
import { createTokenSchema } from "@/lib/auth/schemas";

// GET /api/v1/users/me/tokens - my API tokens (names and dates, never the secrets)
export const GET = route({}, async ({ actor }) => json(await listApiTokens({ actor })));

// POST /api/v1/users/me/tokens - a new API token, shown once
export const POST = route({ body: createTokenSchema }, async ({ body, actor }) =>
  json(await createApiToken({ actor, name: body.name, lifetimeDays: body.lifetimeDays }), 201),
);
