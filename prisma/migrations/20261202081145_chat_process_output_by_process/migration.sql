-- CreateIndex
CREATE INDEX "chat_process_output_processId_idx" ON "chat_process_output"("processId");
