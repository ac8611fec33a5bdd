-- An app's hand-over token remembers the session (or API token) that asked for it, so that the
-- app cookie it becomes ends with that credential (sign-out, revocation, expiry).
ALTER TABLE "app_auth_tokens" ADD COLUMN "credentialId" UUID;

ALTER TABLE "app_auth_tokens" ADD CONSTRAINT "app_auth_tokens_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Deleting a credential (sign-out, revocation) cascades here: find its tokens by index.
CREATE INDEX "app_auth_tokens_credentialId_idx" ON "app_auth_tokens"("credentialId");
