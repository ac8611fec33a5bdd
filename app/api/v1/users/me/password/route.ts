import { json, route } from "@/lib/api/route";
import { changeOwnPassword } from "@/lib/users/change-own-password";
import { changeOwnPasswordSchema } from "@/lib/users/schemas";

// POST /api/v1/users/me/password - change my password (the old one required); my other sessions end
export const POST = route({ body: changeOwnPasswordSchema }, async ({ body, actor }) => {
  await changeOwnPassword({ input: body, actor });
  return json({ ok: true });
});
