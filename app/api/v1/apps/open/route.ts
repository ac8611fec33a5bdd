import { z } from "zod";
import { SESSION_COOKIE } from "@/lib/auth/actor";
import { resolveActor } from "@/lib/auth/resolve-actor";
import { readCookie } from "@/lib/api/cookies";
import { route } from "@/lib/api/route";
import { openAppLink } from "@/lib/workspace-apps/open-app-link";

export const dynamic = "force-dynamic";

const querySchema = z.object({ host: z.string().min(1).max(253), next: z.string().max(2048).default("/") });

// GET /api/v1/apps/open?host=<app host>&next=/path - a browser's way into an app origin: signs in
// first (login then back here), then sends it to the app with a single-use token (303).
export const GET = route({ access: "public", query: querySchema }, async ({ request, query }) => {
  const url = new URL(request.url);
  const secret = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  const actor = secret ? await resolveActor({ secret }) : null;
  const here = `${url.pathname}${url.search}`;
  if (!actor) return new Response(null, { status: 303, headers: { location: `/login?next=${encodeURIComponent(here)}` } });
  const port = (request.headers.get("host") ?? "").split(":")[1] ?? "";
  const location = await openAppLink({ actor, host: query.host.toLowerCase(), next: query.next, port, now: new Date() });
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
});
