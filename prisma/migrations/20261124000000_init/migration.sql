-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('member', 'admin');

-- CreateEnum
CREATE TYPE "ApiKeyKind" AS ENUM ('session', 'token');

-- CreateEnum
CREATE TYPE "WorkspaceTransition" AS ENUM ('start', 'stop', 'delete');

-- CreateEnum
CREATE TYPE "LogLevel" AS ENUM ('trace', 'debug', 'info', 'warn', 'error');

-- CreateEnum
CREATE TYPE "AgentLifecycleState" AS ENUM ('created', 'starting', 'ready', 'start_error', 'start_timeout', 'shutting_down', 'shutdown_error', 'shutdown_timeout', 'off');

-- CreateEnum
CREATE TYPE "AppHealth" AS ENUM ('disabled', 'initializing', 'healthy', 'unhealthy');

-- CreateEnum
CREATE TYPE "ChatStatus" AS ENUM ('idle', 'running', 'error');

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "role" "UserRole" NOT NULL DEFAULT 'member',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization_members" (
    "organizationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_members_pkey" PRIMARY KEY ("organizationId","userId")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "ApiKeyKind" NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "secretHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "templates" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "icon" TEXT NOT NULL DEFAULT '',
    "allowedInChat" BOOLEAN NOT NULL DEFAULT true,
    "deprecated" BOOLEAN NOT NULL DEFAULT false,
    "activeVersionId" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_versions" (
    "id" UUID NOT NULL,
    "templateId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspaces" (
    "id" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "templateId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "ttlMs" BIGINT,
    "deadline" TIMESTAMPTZ(3),
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "workspaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspace_builds" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "buildNumber" INTEGER NOT NULL,
    "transition" "WorkspaceTransition" NOT NULL,
    "templateVersionId" UUID NOT NULL,
    "initiatorId" UUID,
    "parameters" JSONB NOT NULL DEFAULT '[]',
    "jobId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "workspace_builds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provisioner_jobs" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'workspace_build',
    "input" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "canceledAt" TIMESTAMPTZ(3),
    "error" TEXT,
    "errorCode" TEXT,
    "workerId" TEXT,
    "heartbeatAt" TIMESTAMPTZ(3),

    CONSTRAINT "provisioner_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provisioner_job_logs" (
    "id" BIGSERIAL NOT NULL,
    "jobId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" "LogLevel" NOT NULL DEFAULT 'info',
    "stage" TEXT NOT NULL,
    "output" TEXT NOT NULL,

    CONSTRAINT "provisioner_job_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provisioner_job_timings" (
    "id" UUID NOT NULL,
    "jobId" UUID NOT NULL,
    "stage" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "exitCode" INTEGER,

    CONSTRAINT "provisioner_job_timings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspace_resources" (
    "id" UUID NOT NULL,
    "jobId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspace_resources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspace_agents" (
    "id" UUID NOT NULL,
    "resourceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "connectionTimeoutSeconds" INTEGER NOT NULL DEFAULT 120,
    "firstConnectedAt" TIMESTAMPTZ(3),
    "lastConnectedAt" TIMESTAMPTZ(3),
    "disconnectedAt" TIMESTAMPTZ(3),
    "lifecycleState" "AgentLifecycleState" NOT NULL DEFAULT 'created',
    "startedAt" TIMESTAMPTZ(3),
    "readyAt" TIMESTAMPTZ(3),
    "address" TEXT,
    "displayOrder" INTEGER NOT NULL DEFAULT 0,
    "isChat" BOOLEAN NOT NULL DEFAULT false,
    "directory" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "workspace_agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspace_agent_scripts" (
    "id" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "script" TEXT NOT NULL,
    "runOnStart" BOOLEAN NOT NULL DEFAULT true,
    "timeoutSeconds" INTEGER NOT NULL DEFAULT 0,
    "position" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "exitCode" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'pending',

    CONSTRAINT "workspace_agent_scripts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspace_agent_logs" (
    "id" BIGSERIAL NOT NULL,
    "agentId" UUID NOT NULL,
    "scriptId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" "LogLevel" NOT NULL DEFAULT 'info',
    "output" TEXT NOT NULL,

    CONSTRAINT "workspace_agent_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspace_apps" (
    "id" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "url" TEXT NOT NULL,
    "health" "AppHealth" NOT NULL DEFAULT 'disabled',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspace_apps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chats" (
    "id" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "status" "ChatStatus" NOT NULL DEFAULT 'idle',
    "error" TEXT,
    "workspaceId" UUID,
    "buildId" UUID,
    "agentId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chats_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_messages" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "chatId" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "parts" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chat_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "site_settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "site_settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" UUID NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" UUID,
    "organizationId" UUID,
    "action" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "diff" JSONB NOT NULL DEFAULT '{}',
    "ip" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organizations_name_key" ON "organizations"("name");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE INDEX "organization_members_userId_idx" ON "organization_members"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_secretHash_key" ON "api_keys"("secretHash");

-- CreateIndex
CREATE INDEX "api_keys_userId_idx" ON "api_keys"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "templates_activeVersionId_key" ON "templates"("activeVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "templates_organizationId_name_key" ON "templates"("organizationId", "name");

-- CreateIndex
CREATE INDEX "template_versions_templateId_idx" ON "template_versions"("templateId");

-- CreateIndex
CREATE INDEX "workspaces_ownerId_deleted_idx" ON "workspaces"("ownerId", "deleted");

-- CreateIndex
CREATE INDEX "workspaces_deadline_idx" ON "workspaces"("deadline");

-- CreateIndex
CREATE UNIQUE INDEX "workspace_builds_jobId_key" ON "workspace_builds"("jobId");

-- CreateIndex
CREATE UNIQUE INDEX "workspace_builds_workspaceId_buildNumber_key" ON "workspace_builds"("workspaceId", "buildNumber");

-- CreateIndex
CREATE INDEX "provisioner_jobs_startedAt_createdAt_idx" ON "provisioner_jobs"("startedAt", "createdAt");

-- CreateIndex
CREATE INDEX "provisioner_job_logs_jobId_id_idx" ON "provisioner_job_logs"("jobId", "id");

-- CreateIndex
CREATE INDEX "provisioner_job_timings_jobId_idx" ON "provisioner_job_timings"("jobId");

-- CreateIndex
CREATE INDEX "workspace_resources_jobId_idx" ON "workspace_resources"("jobId");

-- CreateIndex
CREATE UNIQUE INDEX "workspace_agents_tokenHash_key" ON "workspace_agents"("tokenHash");

-- CreateIndex
CREATE INDEX "workspace_agents_resourceId_idx" ON "workspace_agents"("resourceId");

-- CreateIndex
CREATE INDEX "workspace_agents_lastConnectedAt_idx" ON "workspace_agents"("lastConnectedAt");

-- CreateIndex
CREATE INDEX "workspace_agent_scripts_agentId_idx" ON "workspace_agent_scripts"("agentId");

-- CreateIndex
CREATE INDEX "workspace_agent_logs_agentId_id_idx" ON "workspace_agent_logs"("agentId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "workspace_apps_agentId_slug_key" ON "workspace_apps"("agentId", "slug");

-- CreateIndex
CREATE INDEX "chats_ownerId_updatedAt_idx" ON "chats"("ownerId", "updatedAt");

-- CreateIndex
CREATE INDEX "chat_messages_chatId_seq_idx" ON "chat_messages"("chatId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "chat_messages_seq_key" ON "chat_messages"("seq");

-- CreateIndex
CREATE INDEX "audit_logs_time_idx" ON "audit_logs"("time");

-- AddForeignKey
ALTER TABLE "organization_members" ADD CONSTRAINT "organization_members_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_members" ADD CONSTRAINT "organization_members_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "templates" ADD CONSTRAINT "templates_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "templates" ADD CONSTRAINT "templates_activeVersionId_fkey" FOREIGN KEY ("activeVersionId") REFERENCES "template_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_builds" ADD CONSTRAINT "workspace_builds_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_builds" ADD CONSTRAINT "workspace_builds_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "template_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_builds" ADD CONSTRAINT "workspace_builds_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "provisioner_jobs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provisioner_jobs" ADD CONSTRAINT "provisioner_jobs_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provisioner_job_logs" ADD CONSTRAINT "provisioner_job_logs_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "provisioner_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provisioner_job_timings" ADD CONSTRAINT "provisioner_job_timings_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "provisioner_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_resources" ADD CONSTRAINT "workspace_resources_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "provisioner_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_agents" ADD CONSTRAINT "workspace_agents_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "workspace_resources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_agent_scripts" ADD CONSTRAINT "workspace_agent_scripts_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "workspace_agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_agent_logs" ADD CONSTRAINT "workspace_agent_logs_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "workspace_agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_agent_logs" ADD CONSTRAINT "workspace_agent_logs_scriptId_fkey" FOREIGN KEY ("scriptId") REFERENCES "workspace_agent_scripts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_apps" ADD CONSTRAINT "workspace_apps_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "workspace_agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chats" ADD CONSTRAINT "chats_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chats" ADD CONSTRAINT "chats_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chats" ADD CONSTRAINT "chats_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chats" ADD CONSTRAINT "chats_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "workspace_builds"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "chats"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express partial indexes): a workspace name is unique per
-- owner among live workspaces, compared case-insensitively. `npm run db:diff` proposes to
-- drop it; keep it out of later migrations.
CREATE UNIQUE INDEX "workspaces_owner_name_live_key" ON "workspaces" ("ownerId", lower("name")) WHERE NOT "deleted";
