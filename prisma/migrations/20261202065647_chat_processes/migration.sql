-- CreateTable
CREATE TABLE "chat_processes" (
    "id" TEXT NOT NULL,
    "chatId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "toolCallId" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "exitCode" INTEGER,
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_processes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_process_output" (
    "id" BIGSERIAL NOT NULL,
    "chatId" UUID NOT NULL,
    "processId" TEXT NOT NULL,
    "lines" JSONB NOT NULL DEFAULT '[]',
    "done" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_process_output_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "chat_processes_chatId_createdAt_idx" ON "chat_processes"("chatId", "createdAt");

-- CreateIndex
CREATE INDEX "chat_processes_agentId_idx" ON "chat_processes"("agentId");

-- CreateIndex
CREATE INDEX "chat_process_output_chatId_id_idx" ON "chat_process_output"("chatId", "id");

-- AddForeignKey
ALTER TABLE "chat_processes" ADD CONSTRAINT "chat_processes_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "chats"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_process_output" ADD CONSTRAINT "chat_process_output_processId_fkey" FOREIGN KEY ("processId") REFERENCES "chat_processes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
