import { z } from "zod";
import { db } from "../db";
import { AppError, RateLimitedError, ValidationError, issuesFromZod, type FieldIssue } from "../errors";
import { ensureFeedbackSettings, fromSubmit, hashIp, submit } from "./intake";
import { feedbackLimiter, type FeedbackLimiter, type RateVerdict } from "./rate-limit";
import { FEEDBACK_TYPES, FEEDBACK_TYPE_LABELS, LIMITS, ZFeedbackSubmit, type TFeedbackType } from "./schemas";

// Public intake: what the form page (/feedback/<slug>) and the endpoint the widget posts to have in common. Nothing
// is dropped for looking like spam: it is stored with its reasons and the sender gets the same answer as anyone, so a
// bot learns nothing and a person wrongly flagged is one click from the inbox.

/** What strangers may send: severity and labels are the team's to set. `website` is the honeypot (people leave it empty). */
export const ZPublicFeedback = ZFeedbackSubmit.omit({ severity: true, labels: true }).extend({
  website: z.string({ error: "must be text" }).max(LIMITS.url).optional(),
  source: z.enum(["form", "widget"], { error: "must be form or widget" }).optional(),
});
export type TPublicFeedback = z.infer<typeof ZPublicFeedback>;

export const ZPublicReceipt = z.object({ ref: z.string(), status: z.literal("received") });
export type Receipt = { ref: string; status: "received"; created: boolean };

/** More links than this in title and details together files the post as spam (reason "links"). */
export const MAX_LINKS = 3;
const LINK = /https?:\/\/[^\s<>"']+/gi;
const OPTIONAL_TEXT = ["email", "name", "pageUrl", "browser", "idempotencyKey"] as const;

/** Everything a client of the public intake is told, as the handler's error JSON; 429 says when to come back. */
export class FeedbackRateLimitedError extends RateLimitedError {
  constructor(readonly verdict: RateVerdict) {
    const wait = `${verdict.retryAfterSeconds} second${verdict.retryAfterSeconds === 1 ? "" : "s"}`;
    super(
      verdict.scope === "address"
        ? `Too much feedback from your network address in the last minute; nothing was saved. Try again in ${wait}.`
        : `This project is receiving more feedback than it can take in at the moment; nothing was saved. Try again in ${wait}.`,
    );
  }
}

/**
 * A public post as the schema sees it: an empty optional field (an e-mail box left blank) is no field at all, and an
 * unknown field is named on its own, so the sender learns which one to drop.
 */
export function parsePublicFeedback(raw: unknown): TPublicFeedback {
  const input = raw && typeof raw === "object" && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : raw;
  if (input && typeof input === "object") {
    const fields = input as Record<string, unknown>;
    for (const key of OPTIONAL_TEXT) if (typeof fields[key] === "string" && !(fields[key] as string).trim()) delete fields[key];
  }
  const result = ZPublicFeedback.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: key, rule: "unrecognized_key", message: "is not a field of public feedback (type, title, details, email, name, pageUrl, browser, meta, idempotencyKey)" }))
      : issuesFromZod(new z.ZodError([issue])),
  );
  throw new ValidationError(issues);
}

export function linkCount(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

/** Why a post looks like spam (empty: it does not). The rate verdict is the limiter's, for the same post. */
export function spamReasons(data: TPublicFeedback, verdict: Pick<RateVerdict, "soft">): string[] {
  const reasons: string[] = [];
  if (data.website?.trim()) reasons.push("honeypot");
  if (linkCount(`${data.title}\n${data.details}`) > MAX_LINKS) reasons.push("links");
  if (verdict.soft) reasons.push("rate");
  return reasons;
}

/** What the request itself says about its sender; the page URL is only taken from a Referer that is a web page. */
export type PublicClient = { ip: string | null; userAgent?: string | null; referer?: string | null };

const asPageUrl = (value: string | null | undefined) =>
  value && value.length <= LIMITS.url && /^https?:\/\//i.test(value) && URL.canParse(value) ? value : null;

/**
 * The one path of public feedback into the store: validate, count, flag, store. Throws ValidationError (400) or
 * FeedbackRateLimitedError (429, nothing stored). A repeated idempotency key returns the first item (created: false).
 */
export async function receiveFeedback(args: {
  projectId: string;
  raw: unknown;
  /** What the body does not say: "form" unless it carries source "widget". */
  client: PublicClient;
  limiter?: FeedbackLimiter;
}): Promise<Receipt> {
  const data = parsePublicFeedback(args.raw);
  const ipHash = hashIp(args.client.ip);
  const verdict = await (args.limiter ?? feedbackLimiter()).check(args.projectId, ipHash);
  if (verdict.refused) throw new FeedbackRateLimitedError(verdict);
  // fromSubmit takes the fields it stores by name: the honeypot and source go no further.
  const stored = await submit(
    fromSubmit(args.projectId, data.source ?? "form", data, {
      ipHash,
      spamReasons: spamReasons(data, verdict),
      userAgent: (data.browser ?? args.client.userAgent ?? null)?.slice(0, LIMITS.userAgent) || null,
      pageUrl: data.pageUrl ?? asPageUrl(args.client.referer),
    }),
  );
  return { ref: stored.ref, status: "received", created: stored.created };
}

// Where public feedback goes ----------------------------------------------------------------------------------------

export type IntakeProject = { projectId: string; allowedOrigins: string[] };

// Every post looks its key up; a process remembers a found key for KEY_TTL_MS, so a burst costs no query per post
// (bench/feedback-intake: the lookup was most of a post's CPU). The process that rotates a key or changes the allowed
// origins forgets it at once (forgetKey); other processes follow within KEY_TTL_MS.
const KEY_TTL_MS = 10_000;
const knownKeys = new Map<string, { project: IntakeProject; until: number }>();
export const forgetKey = (key: string) => void knownKeys.delete(key);

/** The project a widget key belongs to; a key nobody has (mistyped, or rotated away) is a 404 that names it. */
export async function projectByKey(key: string): Promise<IntakeProject> {
  const now = Date.now();
  const known = knownKeys.get(key);
  if (known && known.until > now) return known.project;
  const found = key.length <= 200 ? await db.feedbackSettings.findUnique({ where: { publicKey: key }, select: { projectId: true, allowedOrigins: true } }) : null;
  if (!found) {
    const shown = key.length > 60 ? `${key.slice(0, 60)}…` : key;
    throw new AppError(
      "not_found",
      `The feedback key "${shown}" is unknown: no project takes feedback with it. It may be mistyped or replaced by a new one; the current key is in the project's feedback settings.`,
      404,
    );
  }
  if (knownKeys.size >= 10_000) knownKeys.clear();
  knownKeys.set(key, { project: found, until: now + KEY_TTL_MS });
  return found;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export type FormProject = { projectId: string; name: string; slug: string; types: { value: TFeedbackType; label: string }[] };

/** The project behind /feedback/<slug>, with its feedback settings made on first use; null for a slug nobody has. */
export async function formProject(slug: string): Promise<FormProject | null> {
  if (!SLUG.test(slug) || slug.length > 100) return null;
  const project = await db.project.findUnique({ where: { slug }, select: { id: true, name: true, slug: true } });
  if (!project) return null;
  await ensureFeedbackSettings(project.id);
  return { projectId: project.id, name: project.name, slug: project.slug, types: FEEDBACK_TYPES.map((value) => ({ value, label: FEEDBACK_TYPE_LABELS[value] })) };
}

/** A page address the form may carry along (?from= or the Referer): only a web page's URL, else nothing. */
export const formPageUrl = (from: string | null | undefined, referer: string | null | undefined, formOrigin: string): string | null => {
  const given = asPageUrl(from);
  if (given) return given;
  const ref = asPageUrl(referer);
  // Coming back to the form after sending one is not "the page the feedback is about".
  return ref && !(new URL(ref).origin === formOrigin && new URL(ref).pathname.startsWith("/feedback/")) ? ref : null;
};
