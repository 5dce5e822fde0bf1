import { db, type Tx } from "../db";
import { env } from "../env";
import { writeAudit } from "../audit/write";
import { RateLimitedError } from "../errors";
import { systemCtx } from "./context";

export type LockScope = "email" | "address";

/** A refused sign-in that says which bucket is full and, from the window, how long until it has room again. */
export class SignInLockedError extends RateLimitedError {
  constructor(
    readonly scope: LockScope,
    readonly minutes: number,
  ) {
    const whose = scope === "email" ? "for this email" : "from your network address";
    super(`Too many failed sign-ins ${whose}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
}

type Bucket = { scope: LockScope; key: string; max: number; where: { email: string } | { ip: string } };

const bucketsFor = (email: string, ip: string | null): Bucket[] => [
  { scope: "email", key: `email:${email}`, max: env.SIGNIN_MAX_FAILURES, where: { email } },
  // A shared network sends many people's sign-ins from one address, so its bucket is wider than one email's.
  ...(ip ? [{ scope: "address" as const, key: `ip:${ip}`, max: env.SIGNIN_MAX_FAILURES * 4, where: { ip } }] : []),
];

/** Minutes until the oldest failure that keeps the bucket full leaves the window. */
async function minutesUntilRoom(tx: Tx, bucket: Bucket, since: Date): Promise<number> {
  const [blocking] = await tx.signInAttempt.findMany({
    where: { ...bucket.where, success: false, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    skip: bucket.max - 1,
    take: 1,
  });
  const freeAt = (blocking?.createdAt.getTime() ?? Date.now()) + env.SIGNIN_WINDOW_MINUTES * 60_000;
  return Math.max(1, Math.ceil((freeAt - Date.now()) / 60_000));
}

/**
 * Checks every bucket and records this attempt as a failure in one transaction, under an advisory lock per bucket,
 * so parallel guesses cannot all pass the count before any is recorded. The caller marks it a success afterwards.
 * Returns the attempt and the buckets this attempt fills, should it fail.
 */
export async function claimSignInAttempt(email: string, ip: string | null) {
  const since = new Date(Date.now() - env.SIGNIN_WINDOW_MINUTES * 60_000);
  const buckets = bucketsFor(email, ip).sort((a, b) => a.key.localeCompare(b.key));
  return db.$transaction(async (tx) => {
    const filling: Bucket[] = [];
    for (const bucket of buckets) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(727002, hashtext(${bucket.key}))`;
      const failures = await tx.signInAttempt.count({ where: { ...bucket.where, success: false, createdAt: { gte: since } } });
      if (failures >= bucket.max) throw new SignInLockedError(bucket.scope, await minutesUntilRoom(tx, bucket, since));
      if (failures + 1 >= bucket.max) filling.push(bucket);
    }
    const attempt = await tx.signInAttempt.create({ data: { email, ip: ip ?? "", success: false } });
    return { attemptId: attempt.id, filling };
  });
}

export async function settleSignInAttempt(claim: Awaited<ReturnType<typeof claimSignInAttempt>>, success: boolean) {
  if (success) {
    await db.signInAttempt.update({ where: { id: claim.attemptId }, data: { success: true } });
    return;
  }
  if (!claim.filling.length) return;
  await db.$transaction(async (tx) => {
    for (const bucket of claim.filling) {
      await writeAudit(tx, systemCtx("signin-limit"), {
        projectId: null,
        action: "auth.lockout",
        objectType: bucket.scope,
        objectId: bucket.scope === "email" ? (bucket.where as { email: string }).email : (bucket.where as { ip: string }).ip,
        after: { failures: bucket.max, windowMinutes: env.SIGNIN_WINDOW_MINUTES },
      });
    }
  });
}
