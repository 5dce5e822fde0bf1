-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "FeedbackType" AS ENUM ('bug', 'idea', 'question', 'praise');

-- CreateEnum
CREATE TYPE "FeedbackStatus" AS ENUM ('new', 'accepted', 'planned', 'in_progress', 'fixed', 'released', 'declined', 'duplicate', 'spam');

-- CreateEnum
CREATE TYPE "FeedbackSeverity" AS ENUM ('critical', 'high', 'medium', 'low');

-- CreateEnum
CREATE TYPE "FeedbackSource" AS ENUM ('form', 'widget', 'api', 'github', 'discord', 'team');

-- CreateTable
CREATE TABLE "FeedbackSettings" (
    "projectId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "allowedOrigins" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "boardPublic" BOOLEAN NOT NULL DEFAULT false,
    "githubSecretEncrypted" TEXT,
    "discordPublicKey" TEXT,
    "discordApplicationId" TEXT,
    "nextNumber" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackSettings_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "FeedbackItem" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "type" "FeedbackType" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "status" "FeedbackStatus" NOT NULL DEFAULT 'new',
    "severity" "FeedbackSeverity",
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "assigneeId" TEXT,
    "source" "FeedbackSource" NOT NULL,
    "reporterEmail" TEXT,
    "reporterName" TEXT,
    "pageUrl" TEXT,
    "userAgent" TEXT,
    "meta" JSONB NOT NULL DEFAULT '{}',
    "externalKey" TEXT,
    "externalUrl" TEXT,
    "externalUpdatedAt" TIMESTAMP(3),
    "idempotencyKey" TEXT,
    "spamReasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "ipHash" TEXT,
    "declineReason" TEXT,
    "snoozedUntil" TIMESTAMP(3),
    "duplicateOfId" TEXT,
    "sprintId" TEXT,
    "fixedInReleaseId" TEXT,
    "voteCount" INTEGER NOT NULL DEFAULT 0,
    "commentCount" INTEGER NOT NULL DEFAULT 0,
    "triagedAt" TIMESTAMP(3),
    "triagedById" TEXT,
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fixedAt" TIMESTAMP(3),
    "releasedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Hand-written: generated from title (weight A) and body (weight B); Prisma cannot express it.
    "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("title", '')), 'A') || setweight(to_tsvector('english', coalesce("body", '')), 'B')) STORED,

    CONSTRAINT "FeedbackItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackReporter" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "source" "FeedbackSource" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackReporter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackVote" (
    "itemId" TEXT NOT NULL,
    "voterKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackVote_pkey" PRIMARY KEY ("itemId","voterKey")
);

-- CreateTable
CREATE TABLE "FeedbackComment" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "source" "FeedbackSource" NOT NULL DEFAULT 'team',
    "externalKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackSprint" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackSprint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "projectId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("projectId","provider","deliveryId")
);

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackSettings_publicKey_key" ON "FeedbackSettings"("publicKey");

-- CreateIndex
CREATE INDEX "FeedbackItem_projectId_status_createdAt_idx" ON "FeedbackItem"("projectId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "FeedbackItem_projectId_createdAt_idx" ON "FeedbackItem"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "FeedbackItem_fixedInReleaseId_idx" ON "FeedbackItem"("fixedInReleaseId");

-- CreateIndex
CREATE INDEX "FeedbackItem_duplicateOfId_idx" ON "FeedbackItem"("duplicateOfId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackItem_projectId_number_key" ON "FeedbackItem"("projectId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackItem_projectId_idempotencyKey_key" ON "FeedbackItem"("projectId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackItem_projectId_externalKey_key" ON "FeedbackItem"("projectId", "externalKey");

-- CreateIndex
CREATE INDEX "FeedbackReporter_itemId_idx" ON "FeedbackReporter"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackComment_externalKey_key" ON "FeedbackComment"("externalKey");

-- CreateIndex
CREATE INDEX "FeedbackComment_itemId_createdAt_idx" ON "FeedbackComment"("itemId", "createdAt");

-- CreateIndex
CREATE INDEX "FeedbackSprint_projectId_startsAt_idx" ON "FeedbackSprint"("projectId", "startsAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");

-- AddForeignKey
ALTER TABLE "FeedbackSettings" ADD CONSTRAINT "FeedbackSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackItem" ADD CONSTRAINT "FeedbackItem_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackItem" ADD CONSTRAINT "FeedbackItem_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackItem" ADD CONSTRAINT "FeedbackItem_duplicateOfId_fkey" FOREIGN KEY ("duplicateOfId") REFERENCES "FeedbackItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackItem" ADD CONSTRAINT "FeedbackItem_sprintId_fkey" FOREIGN KEY ("sprintId") REFERENCES "FeedbackSprint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackItem" ADD CONSTRAINT "FeedbackItem_fixedInReleaseId_fkey" FOREIGN KEY ("fixedInReleaseId") REFERENCES "Release"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackReporter" ADD CONSTRAINT "FeedbackReporter_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "FeedbackItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackVote" ADD CONSTRAINT "FeedbackVote_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "FeedbackItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackComment" ADD CONSTRAINT "FeedbackComment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "FeedbackItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackSprint" ADD CONSTRAINT "FeedbackSprint_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: full-text search and trigram similarity for the inbox search and duplicate suggestions.
CREATE INDEX "FeedbackItem_search_idx" ON "FeedbackItem" USING GIN ("search");
CREATE INDEX "FeedbackItem_title_trgm_idx" ON "FeedbackItem" USING GIN ("title" gin_trgm_ops);
