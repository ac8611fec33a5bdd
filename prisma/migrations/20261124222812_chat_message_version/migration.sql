-- Message versions: every insert and update of a chat message takes the next value (by hand:
-- Prisma does not declare sequences), so a follower resumes from the last version it saw.
CREATE SEQUENCE "chat_message_versions";

-- AlterTable
ALTER TABLE "chat_messages" ADD COLUMN     "version" BIGINT NOT NULL DEFAULT nextval('chat_message_versions'::regclass);

-- CreateIndex
CREATE INDEX "chat_messages_chatId_version_idx" ON "chat_messages"("chatId", "version");
