import { PrismaClient, Prisma } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "./env";

export { Prisma };
export type Tx = Prisma.TransactionClient;

const globalForDb = globalThis as unknown as { tminusDb?: PrismaClient };

// One client per process; in dev, module reloads would otherwise open a pool per edit.
export const db: PrismaClient = (globalForDb.tminusDb ??= new PrismaClient({
  adapter: new PrismaPg({ connectionString: env.DATABASE_URL, max: 10 }),
}));
