-- AlterEnum
ALTER TYPE "ChannelFormat" ADD VALUE 'email';

