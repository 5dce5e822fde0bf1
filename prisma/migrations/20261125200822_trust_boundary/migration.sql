-- CreateEnum
CREATE TYPE "ProjectCreation" AS ENUM ('anyone', 'instance_admins');

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "createdByTokenId" TEXT,
ADD COLUMN     "expiresAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN     "failedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "InstanceSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "projectCreation" "ProjectCreation" NOT NULL DEFAULT 'anyone',
    "networkAllowLoopback" BOOLEAN NOT NULL DEFAULT false,
    "networkAllowPrivate" BOOLEAN NOT NULL DEFAULT false,
    "networkAllowLinkLocal" BOOLEAN NOT NULL DEFAULT false,
    "networkAllowedCidrs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "InstanceSettings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApiToken_createdByTokenId_idx" ON "ApiToken"("createdByTokenId");

-- CreateIndex
CREATE INDEX "OutboxJob_failedAt_idx" ON "OutboxJob"("failedAt");

