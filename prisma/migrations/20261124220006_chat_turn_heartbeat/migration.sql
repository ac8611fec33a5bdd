-- AlterTable
ALTER TABLE "chats" ADD COLUMN     "turnHeartbeatAt" TIMESTAMPTZ(3),
ADD COLUMN     "turnWorkerId" TEXT;

-- CreateIndex
CREATE INDEX "chats_status_turnHeartbeatAt_idx" ON "chats"("status", "turnHeartbeatAt");
