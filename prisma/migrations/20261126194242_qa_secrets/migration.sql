-- AlterTable
ALTER TABLE "QaProfile" ADD COLUMN     "secretKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "secretsEncrypted" TEXT;

-- AlterTable
ALTER TABLE "QaRun" ADD COLUMN     "secretKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "secretsEncrypted" TEXT;

