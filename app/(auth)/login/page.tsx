import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { pageActor } from "@/lib/auth/page-actor";
import { hasUsers } from "@/lib/auth/has-users";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (!(await hasUsers())) redirect("/setup");
  if (await pageActor()) redirect("/chats");
  return (
    <AuthCard title="Sign in to Kiln" subtitle="Use the email and password your admin gave you.">
      <LoginForm />
    </AuthCard>
  );
}
