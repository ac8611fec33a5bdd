-- Tool calls made through the tools API get an owner and a heartbeat, as turns do, so the
-- reaper can close a call whose server crashed on any database.
-- AlterTable
ALTER TABLE "chat_messages" ADD COLUMN     "toolHeartbeatAt" TIMESTAMPTZ(3),
ADD COLUMN     "toolWorkerId" TEXT;

-- CreateIndex
CREATE INDEX "chat_messages_toolHeartbeatAt_idx" ON "chat_messages"("toolHeartbeatAt");
