import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { hasUsers } from "@/lib/auth/has-users";

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (await hasUsers()) redirect("/login");
  return (
    <AuthCard title="Welcome to Kiln" subtitle="Create the first admin account to finish setting up.">
      <SetupForm />
    </AuthCard>
  );
}
