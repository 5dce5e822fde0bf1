-- CreateEnum
CREATE TYPE "RoadmapKind" AS ENUM ('planned', 'scalability', 'known_issue');

-- CreateEnum
CREATE TYPE "RoadmapStatus" AS ENUM ('open', 'in_progress', 'done', 'dropped');

-- CreateTable
CREATE TABLE "RunbookPage" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "template" TEXT,
    "ownerId" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewedById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "RunbookPage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunbookRevision" (
    "id" TEXT NOT NULL,
    "pageId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunbookRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoadmapItem" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "kind" "RoadmapKind" NOT NULL,
    "status" "RoadmapStatus" NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "ownerId" TEXT,
    "targetRelease" TEXT,
    "feedbackItemId" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoadmapItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RunbookPage_projectId_key_key" ON "RunbookPage"("projectId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "RunbookRevision_pageId_version_key" ON "RunbookRevision"("pageId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "RoadmapItem_feedbackItemId_key" ON "RoadmapItem"("feedbackItemId");

-- CreateIndex
CREATE INDEX "RoadmapItem_projectId_kind_position_idx" ON "RoadmapItem"("projectId", "kind", "position");

-- AddForeignKey
ALTER TABLE "RunbookPage" ADD CONSTRAINT "RunbookPage_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunbookPage" ADD CONSTRAINT "RunbookPage_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunbookRevision" ADD CONSTRAINT "RunbookRevision_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "RunbookPage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoadmapItem" ADD CONSTRAINT "RoadmapItem_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoadmapItem" ADD CONSTRAINT "RoadmapItem_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoadmapItem" ADD CONSTRAINT "RoadmapItem_feedbackItemId_fkey" FOREIGN KEY ("feedbackItemId") REFERENCES "FeedbackItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

