import { ApiTokens } from "@/components/account/api-tokens";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PageSection } from "@/components/ui/page-section";
import { requirePageActor } from "@/lib/auth/page-actor";

export default async function AccountPage() {
  const actor = await requirePageActor();
  return (
    <div className="flex flex-col gap-8">
      <PageSection title="Account" description={`Signed in as ${actor.username} (${actor.email}).`}>
        <section aria-labelledby="password-heading" className="flex flex-col gap-3">
          <h2 id="password-heading" className="text-base font-semibold">
            Password
          </h2>
          <ChangePasswordForm />
        </section>
        <section aria-labelledby="tokens-heading" className="flex flex-col gap-3">
          <h2 id="tokens-heading" className="text-base font-semibold">
            API tokens
          </h2>
          <p className="text-sm text-stone-600 dark:text-stone-400">
            Send a token as <code>Authorization: Bearer …</code> to use the API as yourself.
          </p>
          <ApiTokens />
        </section>
      </PageSection>
    </div>
  );
}
