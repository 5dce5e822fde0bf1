-- CreateEnum
CREATE TYPE "LaunchStage" AS ENUM ('planned', 'soft_launch', 'official_launch', 'post_launch');

-- CreateEnum
CREATE TYPE "ChecklistItemStatus" AS ENUM ('todo', 'in_progress', 'done', 'waived', 'not_applicable');

-- CreateEnum
CREATE TYPE "EvidenceKind" AS ENUM ('link', 'note', 'auto');

-- CreateTable
CREATE TABLE "Launch" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "stage" "LaunchStage" NOT NULL DEFAULT 'planned',
    "targetDate" TIMESTAMP(3),
    "templateName" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "Launch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChecklistItem" (
    "id" TEXT NOT NULL,
    "launchId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "section" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ownerId" TEXT,
    "assigneeId" TEXT,
    "dueAt" TIMESTAMP(3),
    "blocking" BOOLEAN NOT NULL DEFAULT false,
    "signOffRequired" BOOLEAN NOT NULL DEFAULT false,
    "status" "ChecklistItemStatus" NOT NULL DEFAULT 'todo',
    "renewalDays" INTEGER,
    "signedOffBy" TEXT,
    "signedOffAt" TIMESTAMP(3),
    "waivedBy" TEXT,
    "waiverReason" TEXT,
    "waiverExpiresAt" TIMESTAMP(3),
    "binding" JSONB,
    "bindingOk" BOOLEAN,
    "bindingSummary" TEXT,
    "bindingHref" TEXT,
    "bindingCheckedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChecklistItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChecklistEvidence" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "kind" "EvidenceKind" NOT NULL,
    "url" TEXT,
    "text" TEXT NOT NULL DEFAULT '',
    "addedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChecklistEvidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChecklistComment" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChecklistComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChecklistActivity" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChecklistActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LaunchDecision" (
    "id" TEXT NOT NULL,
    "launchId" TEXT NOT NULL,
    "fromStage" "LaunchStage" NOT NULL,
    "toStage" "LaunchStage" NOT NULL,
    "go" BOOLEAN NOT NULL,
    "overridden" BOOLEAN NOT NULL DEFAULT false,
    "readiness" JSONB NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "decidedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LaunchDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChecklistTemplate" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "body" JSONB NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChecklistTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Launch_projectId_archivedAt_idx" ON "Launch"("projectId", "archivedAt");

-- CreateIndex
CREATE INDEX "ChecklistItem_launchId_position_idx" ON "ChecklistItem"("launchId", "position");

-- CreateIndex
CREATE INDEX "ChecklistItem_projectId_idx" ON "ChecklistItem"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "ChecklistItem_launchId_number_key" ON "ChecklistItem"("launchId", "number");

-- CreateIndex
CREATE INDEX "ChecklistEvidence_itemId_createdAt_idx" ON "ChecklistEvidence"("itemId", "createdAt");

-- CreateIndex
CREATE INDEX "ChecklistComment_itemId_createdAt_idx" ON "ChecklistComment"("itemId", "createdAt");

-- CreateIndex
CREATE INDEX "ChecklistActivity_itemId_createdAt_idx" ON "ChecklistActivity"("itemId", "createdAt");

-- CreateIndex
CREATE INDEX "LaunchDecision_launchId_createdAt_idx" ON "LaunchDecision"("launchId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChecklistTemplate_projectId_name_key" ON "ChecklistTemplate"("projectId", "name");

-- AddForeignKey
ALTER TABLE "Launch" ADD CONSTRAINT "Launch_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistItem" ADD CONSTRAINT "ChecklistItem_launchId_fkey" FOREIGN KEY ("launchId") REFERENCES "Launch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistItem" ADD CONSTRAINT "ChecklistItem_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistItem" ADD CONSTRAINT "ChecklistItem_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistEvidence" ADD CONSTRAINT "ChecklistEvidence_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ChecklistItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistComment" ADD CONSTRAINT "ChecklistComment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ChecklistItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistActivity" ADD CONSTRAINT "ChecklistActivity_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ChecklistItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LaunchDecision" ADD CONSTRAINT "LaunchDecision_launchId_fkey" FOREIGN KEY ("launchId") REFERENCES "Launch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistTemplate" ADD CONSTRAINT "ChecklistTemplate_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: at most one active (not archived) launch per project; the production gate reads that one.
CREATE UNIQUE INDEX "Launch_one_active_per_project" ON "Launch"("projectId") WHERE "archivedAt" IS NULL;
