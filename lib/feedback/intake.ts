import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { FeedbackSettings, Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { env } from "../env";
import { enqueueInTx } from "../jobs/enqueue";
import { publishEvents, recordEvent, type LiveEvent } from "../live/events";
import { fbRef, type TFeedbackSeverity, type TFeedbackSource, type TFeedbackSubmit, type TFeedbackType } from "./schemas";

// Intake: every submission (form, widget, API, GitHub, Discord) is a row in Postgres before anything else happens.
// Submissions arriving together are written together: one transaction takes a block of FB numbers and inserts the
// batch with one statement, so a burst of posts costs a few round trips, not one transaction each. Jobs (notifications)
// and the live event are written in the same transaction through the outbox; Redis being away delays them, never
// the post.

export const FEEDBACK_EVENT = "feedback.updated";

/** One submission, validated, with what the intake surface learned about it. */
export type Submission = {
  projectId: string;
  source: TFeedbackSource;
  type: TFeedbackType;
  title: string;
  body: string;
  email?: string | null;
  name?: string | null;
  pageUrl?: string | null;
  userAgent?: string | null;
  meta?: Record<string, unknown>;
  idempotencyKey?: string | null;
  severity?: TFeedbackSeverity | null;
  labels?: string[];
  spamReasons?: string[];
  ipHash?: string | null;
  externalKey?: string | null;
  externalUrl?: string | null;
  externalUpdatedAt?: Date | null;
  status?: "new" | "spam";
};

export type Stored = { id: string; number: number; ref: string; status: string; created: boolean };

export const fromSubmit = (projectId: string, source: TFeedbackSource, data: TFeedbackSubmit, extra: Partial<Submission> = {}): Submission => ({
  projectId,
  source,
  type: data.type,
  title: data.title,
  body: data.details ?? "",
  email: data.email?.toLowerCase() ?? null,
  name: data.name ?? null,
  pageUrl: data.pageUrl ?? null,
  userAgent: data.browser ?? null,
  meta: data.meta ?? {},
  idempotencyKey: data.idempotencyKey ?? null,
  severity: data.severity ?? null,
  labels: data.labels ?? [],
  ...extra,
});

/** A salted hash of a client address: enough to count posts per address, useless for finding the person. */
export const hashIp = (ip: string | null) => (ip ? createHash("sha256").update(`${env.NEXTAUTH_SECRET}:ip:${ip}`).digest("base64url").slice(0, 22) : null);

export const newPublicKey = () => `fbk_${randomBytes(16).toString("base64url")}`;

/** The project's feedback settings, made on first use. */
export async function ensureFeedbackSettings(projectId: string, client: Tx | typeof db = db): Promise<FeedbackSettings> {
  const found = await client.feedbackSettings.findUnique({ where: { projectId } });
  if (found) return found;
  return client.feedbackSettings.upsert({ where: { projectId }, create: { projectId, publicKey: newPublicKey() }, update: {} });
}

/**
 * Writes submissions of one project in the caller's transaction: numbers from the project's counter (one row lock
 * per call), one INSERT for all, idempotent on (project, idempotencyKey) and (project, externalKey). Returns one
 * result per submission, in order; a repeated key returns the item stored the first time (created: false).
 */
export async function insertSubmissions(tx: Tx, projectId: string, subs: Submission[]): Promise<Stored[]> {
  if (!subs.length) return [];
  await ensureFeedbackSettings(projectId, tx);
  // Two posts with the same key in one batch: the first one is inserted, the second finds it.
  const firstByKey = new Map<string, number>();
  const fresh = subs.filter((s, i) => {
    const key = s.idempotencyKey ? `i:${s.idempotencyKey}` : s.externalKey ? `e:${s.externalKey}` : null;
    if (!key) return true;
    if (firstByKey.has(key)) return false;
    firstByKey.set(key, i);
    return true;
  });
  const [{ next }] = await tx.$queryRaw<{ next: number }[]>`
    UPDATE "FeedbackSettings" SET "nextNumber" = "nextNumber" + ${fresh.length}, "updatedAt" = now()
     WHERE "projectId" = ${projectId} RETURNING "nextNumber" - ${fresh.length} AS "next"`;
  const now = new Date();
  const rows = fresh.map((s, i) => ({
    id: randomUUID(),
    projectId,
    number: next + i,
    type: s.type,
    title: s.title,
    body: s.body,
    status: s.status ?? (s.spamReasons?.length ? "spam" : "new"),
    severity: s.severity ?? null,
    labels: s.labels ?? [],
    source: s.source,
    reporterEmail: s.email ?? null,
    reporterName: s.name ?? null,
    pageUrl: s.pageUrl ?? null,
    userAgent: s.userAgent ?? null,
    meta: s.meta ?? {},
    externalKey: s.externalKey ?? null,
    externalUrl: s.externalUrl ?? null,
    externalUpdatedAt: s.externalUpdatedAt ?? null,
    idempotencyKey: s.idempotencyKey ?? null,
    spamReasons: s.spamReasons ?? [],
    ipHash: s.ipHash ?? null,
  }));
  // jsonb_to_recordset: one statement whatever the batch size, with Postgres doing the typing.
  const inserted = await tx.$queryRaw<{ id: string; number: number; status: string; idempotencyKey: string | null; externalKey: string | null }[]>`
    INSERT INTO "FeedbackItem" ("id","projectId","number","type","title","body","status","severity","labels","source","reporterEmail","reporterName",
                                "pageUrl","userAgent","meta","externalKey","externalUrl","externalUpdatedAt","idempotencyKey","spamReasons","ipHash",
                                "statusChangedAt","createdAt","updatedAt")
    SELECT r."id", r."projectId", r."number", r."type"::"FeedbackType", r."title", r."body", r."status"::"FeedbackStatus", r."severity"::"FeedbackSeverity",
           r."labels", r."source"::"FeedbackSource", r."reporterEmail", r."reporterName", r."pageUrl", r."userAgent", r."meta", r."externalKey",
           r."externalUrl", r."externalUpdatedAt", r."idempotencyKey", r."spamReasons", r."ipHash", ${now}, ${now}, ${now}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("id" text, "projectId" text, "number" int, "type" text, "title" text, "body" text,
           "status" text, "severity" text, "labels" text[], "source" text, "reporterEmail" text, "reporterName" text, "pageUrl" text, "userAgent" text,
           "meta" jsonb, "externalKey" text, "externalUrl" text, "externalUpdatedAt" timestamp, "idempotencyKey" text, "spamReasons" text[], "ipHash" text)
    ON CONFLICT DO NOTHING
    RETURNING "id", "number", "status"::text AS "status", "idempotencyKey", "externalKey"`;
  const insertedIds = new Set(inserted.map((r) => r.id));
  const reporters = rows.filter((r) => insertedIds.has(r.id) && (r.reporterEmail || r.reporterName));
  if (reporters.length)
    await tx.feedbackReporter.createMany({ data: reporters.map((r) => ({ itemId: r.id, email: r.reporterEmail, name: r.reporterName, source: r.source })) });
  // What a repeated key meant: the row stored earlier (by an earlier request or earlier in this batch).
  // Only keys this INSERT did not store need looking up (repeats of an earlier post, or a lost race).
  const storedKeys = new Set(inserted.flatMap((r) => [r.idempotencyKey ? `i:${r.idempotencyKey}` : "", r.externalKey ? `e:${r.externalKey}` : ""]));
  const keys = subs.filter((s) => s.idempotencyKey && !storedKeys.has(`i:${s.idempotencyKey}`)).map((s) => s.idempotencyKey!);
  const ext = subs.filter((s) => s.externalKey && !storedKeys.has(`e:${s.externalKey}`)).map((s) => s.externalKey!);
  const earlier =
    keys.length || ext.length
      ? await tx.feedbackItem.findMany({
          where: { projectId, OR: [{ idempotencyKey: { in: keys } }, { externalKey: { in: ext } }], id: { notIn: [...insertedIds] } },
          select: { id: true, number: true, status: true, idempotencyKey: true, externalKey: true },
        })
      : [];
  const byKey = new Map<string, Stored>();
  for (const r of inserted) {
    const stored = { id: r.id, number: r.number, ref: fbRef(r.number), status: r.status, created: true };
    if (r.idempotencyKey) byKey.set(`i:${r.idempotencyKey}`, stored);
    if (r.externalKey) byKey.set(`e:${r.externalKey}`, stored);
  }
  for (const r of earlier) {
    const stored = { id: r.id, number: r.number, ref: fbRef(r.number), status: r.status, created: false };
    if (r.idempotencyKey) byKey.set(`i:${r.idempotencyKey}`, stored);
    if (r.externalKey) byKey.set(`e:${r.externalKey}`, stored);
  }
  const byId = new Map(inserted.map((r) => [r.id, r]));
  let cursor = 0;
  return subs.map((s, i) => {
    const key = s.idempotencyKey ? `i:${s.idempotencyKey}` : s.externalKey ? `e:${s.externalKey}` : null;
    if (key && firstByKey.get(key) !== i) {
      const prior = byKey.get(key)!;
      return { ...prior, created: false };
    }
    const row = rows[cursor++];
    const mine = byId.get(row.id);
    if (mine) return { id: mine.id, number: mine.number, ref: fbRef(mine.number), status: mine.status, created: true };
    // Lost a race with a concurrent post of the same key: that one is the item.
    return { ...byKey.get(key!)!, created: false };
  });
}

/** After new items are stored: the notification job and the live event, in the same transaction. */
export async function announceInTx(tx: Tx, projectId: string, stored: Stored[]): Promise<{ jobs: string[]; events: LiveEvent[] }> {
  const created = stored.filter((s) => s.created);
  if (!created.length) return { jobs: [], events: [] };
  const jobId = `feedback-${randomUUID()}`;
  await enqueueInTx(tx, "feedback.received", jobId, { itemIds: created.map((s) => s.id) });
  const event = await recordEvent(tx, projectId, FEEDBACK_EVENT, { kind: "received", ids: created.map((s) => s.id), refs: created.map((s) => s.ref) });
  return { jobs: [jobId], events: [event] };
}

/**
 * After commit: push the live event (open inboxes show the item at once), without making the caller wait for Redis.
 * The notification job is left to the worker's outbox poll (OUTBOX_POLL_MS, 1 s): a relay per batch in the web process
 * cost a fifth of intake throughput (bench/feedback-intake), for a notification that may wait a second.
 */
export function afterCommit(fx: { jobs: string[]; events: LiveEvent[] }) {
  if (fx.events.length) void publishEvents(fx.events);
}

// The group commit ------------------------------------------------------------------------------------------------

type Waiter = { sub: Submission; resolve: (s: Stored) => void; reject: (e: unknown) => void };
const MAX_BATCH = 200;
const globalForIntake = globalThis as unknown as { tminusIntake?: { queue: Waiter[]; running: boolean } };
const state = (globalForIntake.tminusIntake ??= { queue: [], running: false });

async function drain() {
  if (state.running) return;
  state.running = true;
  try {
    while (state.queue.length) {
      const batch = state.queue.splice(0, MAX_BATCH);
      const byProject = new Map<string, Waiter[]>();
      for (const w of batch) byProject.set(w.sub.projectId, [...(byProject.get(w.sub.projectId) ?? []), w]);
      try {
        const fx = { jobs: [] as string[], events: [] as LiveEvent[] };
        const results = await db.$transaction(async (tx) => {
          const out = new Map<Waiter, Stored>();
          for (const [projectId, waiters] of byProject) {
            const stored = await insertSubmissions(tx, projectId, waiters.map((w) => w.sub));
            waiters.forEach((w, i) => out.set(w, stored[i]));
            const more = await announceInTx(tx, projectId, stored);
            fx.jobs.push(...more.jobs);
            fx.events.push(...more.events);
          }
          return out;
        });
        for (const [w, s] of results) w.resolve(s);
        afterCommit(fx);
      } catch (error) {
        // One bad batch must not fail the others' posts: retry each on its own so only the culprit sees the error.
        if (batch.length === 1) batch[0].reject(error);
        else for (const w of batch) storeOne(w.sub).then(w.resolve, w.reject);
      }
    }
  } finally {
    state.running = false;
  }
}

async function storeOne(sub: Submission): Promise<Stored> {
  const fx = { jobs: [] as string[], events: [] as LiveEvent[] };
  const [stored] = await db.$transaction(async (tx) => {
    const s = await insertSubmissions(tx, sub.projectId, [sub]);
    Object.assign(fx, await announceInTx(tx, sub.projectId, s));
    return s;
  });
  afterCommit(fx);
  return stored;
}

/**
 * Stores a submission and resolves once it is committed. Posts that arrive while a batch is being written wait for
 * the next one (group commit): under load, batches grow and throughput follows; alone, a post is written at once.
 */
export function submit(sub: Submission): Promise<Stored> {
  return new Promise<Stored>((resolve, reject) => {
    state.queue.push({ sub, resolve, reject });
    void drain();
  });
}

export type { Prisma };
