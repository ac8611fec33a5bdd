import { json, route } from "@/lib/api/route";
import { getMe } from "@/lib/users/get-me";

// GET /api/v1/users/me - the signed-in user and their organisations
export const GET = route({}, async ({ actor }) => json(await getMe({ actor })));
