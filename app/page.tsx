import { redirect } from "next/navigation";
import { requirePageActor } from "@/lib/auth/page-actor";

export const dynamic = "force-dynamic";

// / - new sites go to setup, visitors to sign in, signed-in users to their chats
export default async function Home() {
  await requirePageActor();
  redirect("/chats");
}
