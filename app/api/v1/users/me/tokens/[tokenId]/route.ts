import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { revokeApiToken } from "@/lib/auth/revoke-api-token";

// DELETE /api/v1/users/me/tokens/:tokenId - revoke one of my tokens (anyone else's is a 404)
export const DELETE = route({ params: z.object({ tokenId: z.uuid() }) }, async ({ params, actor }) => {
  await revokeApiToken({ tokenId: params.tokenId, actor });
  return json({ ok: true });
});
