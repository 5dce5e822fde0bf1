-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "invitedByTokenId" TEXT;

-- CreateIndex
CREATE INDEX "Invitation_invitedByTokenId_idx" ON "Invitation"("invitedByTokenId");

