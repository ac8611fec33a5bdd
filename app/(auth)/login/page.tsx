import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { pageActor } from "@/lib/auth/page-actor";
import { hasUsers } from "@/lib/auth/has-users";
import { safeNextPath } from "@/lib/auth/safe-next-path";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const given = (await searchParams).next;
  const next = safeNextPath(typeof given === "string" ? given : null, "") || undefined;
  if (!(await hasUsers())) redirect("/setup");
  if (await pageActor()) redirect(next ?? "/chats");
  return (
    <AuthCard title="Sign in to Kiln" subtitle="Use the email and password your admin gave you.">
      <LoginForm next={next} />
    </AuthCard>
  );
}
