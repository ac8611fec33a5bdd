-- CreateEnum
CREATE TYPE "AppShare" AS ENUM ('owner', 'authenticated', 'public');

-- AlterTable
ALTER TABLE "workspace_apps" ADD COLUMN     "healthcheckInterval" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "healthcheckPath" TEXT,
ADD COLUMN     "healthcheckThreshold" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "path" TEXT NOT NULL DEFAULT '/',
ADD COLUMN     "port" INTEGER,
ADD COLUMN     "share" "AppShare" NOT NULL DEFAULT 'owner';

-- Apps built before apps named ports keep the port of their url (http://127.0.0.1:3000 → 3000).
UPDATE "workspace_apps" SET "port" = substring("url" from ':([0-9]{1,5})(/|$)')::int;
ALTER TABLE "workspace_apps" DROP COLUMN "url";

-- CreateTable
CREATE TABLE "server_secrets" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "server_secrets_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "app_auth_tokens" (
    "tokenHash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_auth_tokens_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "app_auth_tokens_expiresAt_idx" ON "app_auth_tokens"("expiresAt");

-- AddForeignKey
ALTER TABLE "app_auth_tokens" ADD CONSTRAINT "app_auth_tokens_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
