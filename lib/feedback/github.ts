import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { systemCtx, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { decryptSecrets, encryptSecrets } from "../crypto/secrets";
import { AppError, ValidationError, issuesFromZod } from "../errors";
import { readRawBody } from "../api/request-guards";
import { recordEvent, type LiveEvent } from "../live/events";
import { log } from "../observability/log";
import { FEEDBACK_EVENT, afterCommit, announceInTx, insertSubmissions, type Submission } from "./intake";
import { FEEDBACK_CLOSED, LIMITS, fbRef, type TFeedbackStatus, type TFeedbackType } from "./schemas";

/*
 * GitHub issues → feedback items (POST /api/v1/hooks/github/{project}, project = id or slug).
 *
 * Setting it up
 *   1. In T-Minus: the project's feedback settings → GitHub secret: a long random text (at least 16 characters, e.g.
 *      `openssl rand -hex 32`). It is stored encrypted, bound to the project, and never shown again.
 *   2. On GitHub: the repository (or organization) → Settings → Webhooks → Add webhook:
 *        Payload URL   https://<your T-Minus>/api/v1/hooks/github/<project slug or id>
 *        Content type  application/json   (a form-encoded body is refused with 415)
 *        Secret        the same text as in step 1
 *        Events        "Let me select individual events" → Issues and Issue comments
 *      GitHub then sends a ping, answered 200; "Recent Deliveries" shows every answer with its sentence.
 *
 * What a delivery does
 *   - Every delivery must carry X-Hub-Signature-256 (HMAC-SHA256 of the exact body with the secret); anything else is
 *     401 invalid_signature and nothing is read. A project without a secret answers 404, as does an unknown project.
 *   - Bodies are capped at 1 MB. GitHub sends up to 25 MB, but only for events with huge payloads (pushes); an issue
 *     or comment event is a few kB, and an issue body is at most 65,536 characters.
 *   - Each X-GitHub-Delivery is taken once (WebhookDelivery, in the same transaction as the changes): a redelivery
 *     answers 200 {duplicate: true} and changes nothing.
 *   - issues opened → a new item (source github, reporter = the issue's author, type from labels: bug → bug;
 *     enhancement/feature/idea → idea; question → question; otherwise bug). The item keeps the issue's URL as its
 *     back-link (externalUrl); nothing is posted back to GitHub.
 *   - GitHub owns the title, details and labels of items it brought: every issues delivery whose issue is at least
 *     as new as the newest one taken (issue.updated_at ≥ externalUpdatedAt) brings them as the issue has them, so a
 *     delivery that arrives late never rolls anything back, and an edit overtaken by a newer event is not lost (the
 *     newer event's issue already holds it). Edit them on GitHub; a change made in T-Minus lasts until the next one.
 *   - closed as completed → fixed (a new item becomes accepted and fixed at once); closed as not planned (or as a
 *     duplicate) → declined, with the reason saying so. Only items still open move (new, accepted, planned, in
 *     progress); a decision made in T-Minus (declined, duplicate, spam) or a release is kept.
 *   - reopened → accepted if the item had been triaged, else new (from fixed, released or declined).
 *   - deleted → declined "Deleted on GitHub" and the link is cleared; transferred → the item follows the issue to
 *     its new repository (key and link), as does an "opened" in the new repository that names the old issue.
 *   - assigned, milestoned, locked, pinned and the like → 200 {ignored}; other events → 202 {ignored: "<event>"}.
 *     Pull requests and their comments are ignored, and so are comments written by bots (no loops with bots that
 *     comment on issues).
 *   - An event for an issue never seen (a comment or an edit before the opened delivery arrived, or a webhook added
 *     to an old repository) first creates the item from the issue in the payload, so nothing is lost.
 *   - issue_comment created / edited / deleted → the item's comment (source github, author = login) is added,
 *     changed or removed; edits apply in the order they arrive.
 *   - Only database work happens in the request (GitHub waits 10 s at most); notifications of new items go through
 *     the same job as every other intake.
 */

export const GITHUB_MAX_BODY_BYTES = 1024 * 1024;

// The secret is sealed to the project, apart from any target or channel ("feedback:github" is no cuid or uuid).
const secretBinding = (projectId: string) => ({ projectId, targetId: "feedback:github" });

/** For the settings verb: the envelope stored in FeedbackSettings.githubSecretEncrypted. */
export const encryptGithubSecret = (projectId: string, secret: string) => encryptSecrets({ secret }, secretBinding(projectId));

/** Server-side only: the webhook secret. Throws if the envelope was not sealed for this project (or the key changed). */
export function decryptGithubSecret(projectId: string, envelope: string): string {
  const { secret } = decryptSecrets(envelope, secretBinding(projectId));
  if (typeof secret !== "string" || !secret) throw new Error("The GitHub secret envelope holds no secret");
  return secret;
}

export type SignatureCheck = { ok: true } | { ok: false; message: string };

/** X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256 of the exact body, compared in constant time. */
export function verifyGithubSignature(secret: string, body: Buffer, header: string | null): SignatureCheck {
  if (!header) return { ok: false, message: "X-Hub-Signature-256 is missing: give the GitHub webhook the secret saved in T-Minus" };
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return { ok: false, message: "X-Hub-Signature-256 must be sha256= followed by 64 hexadecimal digits" };
  const given = Buffer.from(match[1], "hex");
  const expected = createHmac("sha256", secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, message: "X-Hub-Signature-256 does not match the body: the webhook's secret differs from the one saved in T-Minus" };
  }
  return { ok: true };
}

// Mapping ----------------------------------------------------------------------------------------------------------

// Postgres text cannot hold NUL and Prisma refuses lone surrogates; GitHub text is kept, minus those.
const clean = (text: string) => text.replaceAll("\u0000", "").toWellFormed();
/** At most `max` characters; a cut text ends with `note` (cut before cleaning, so no half surrogate pair is left). */
const cut = (text: string, max: number, note = "…") => clean(text.length <= max ? text : text.slice(0, max - note.length) + note);

export const BODY_CUT_NOTE = "\n\n… (cut here; the full text is on GitHub)";
export const issueTitle = (title: string) => cut(title.trim(), LIMITS.title).trim() || "(untitled GitHub issue)";
export const issueBody = (body: string | null | undefined) => cut(body ?? "", LIMITS.body, BODY_CUT_NOTE);

/** Label names as items hold them: no commas or line breaks, at most 40 characters each, at most 10, once each. */
export function githubLabels(labels: Array<{ name: string }>): string[] {
  const out: string[] = [];
  for (const label of labels) {
    const name = clean(label.name).replace(/[,\r\n]+/g, " ").replace(/\s+/g, " ").trim().slice(0, LIMITS.label).trim().toWellFormed();
    if (name && !out.includes(name)) out.push(name);
    if (out.length === LIMITS.labels) break;
  }
  return out;
}

const IDEA_LABELS = new Set(["enhancement", "feature", "feature request", "idea"]);
/** bug → bug; enhancement, feature, idea → idea; question → question; anything else (or nothing) → bug. */
export function githubType(labels: string[]): TFeedbackType {
  const names = new Set(labels.map((l) => l.trim().toLowerCase()));
  if (names.has("bug")) return "bug";
  if ([...names].some((n) => IDEA_LABELS.has(n))) return "idea";
  if (names.has("question")) return "question";
  return "bug";
}

export const issueKey = (repositoryId: number, issueId: number) => `github:${repositoryId}:${issueId}`;
// Scoped to the project: one repository may be hooked to two projects, and each keeps its own copy of a comment.
export const commentKey = (projectId: string, commentId: number) => `github:${projectId}:comment:${commentId}`;

const OPEN: readonly TFeedbackStatus[] = ["new", "accepted", "planned", "in_progress"];
const REOPENABLE: readonly TFeedbackStatus[] = ["fixed", "released", "declined"];

export const CLOSED_NOT_PLANNED = "Closed on GitHub as not planned";
export const CLOSED_AS_DUPLICATE = "Closed on GitHub as a duplicate";
export const DELETED_ON_GITHUB = "Deleted on GitHub";

type ItemState = { status: TFeedbackStatus; triagedAt: Date | null };
type StatusPatch = Pick<Prisma.FeedbackItemUpdateInput, "status" | "declineReason" | "fixedAt" | "releasedAt" | "triagedAt" | "statusChangedAt">;

/** What closing, reopening or deleting the issue does to the item's status; null when it stays. Pure. */
export function statusChange(change: "closed" | "reopened" | "deleted", item: ItemState, stateReason: string | null | undefined, now: Date): StatusPatch | null {
  if (change === "closed") {
    if (!OPEN.includes(item.status)) return null;
    if (stateReason === "not_planned" || stateReason === "duplicate") {
      return { status: "declined", declineReason: stateReason === "duplicate" ? CLOSED_AS_DUPLICATE : CLOSED_NOT_PLANNED, statusChangedAt: now };
    }
    // Closed as completed (or without a reason, as older GitHub did): fixed; a new item is accepted on the way.
    return { status: "fixed", fixedAt: now, statusChangedAt: now, ...(item.triagedAt ? {} : { triagedAt: now }) };
  }
  if (change === "reopened") {
    if (!REOPENABLE.includes(item.status)) return null;
    return { status: item.triagedAt ? "accepted" : "new", declineReason: null, fixedAt: null, releasedAt: null, statusChangedAt: now };
  }
  if ((FEEDBACK_CLOSED as readonly string[]).includes(item.status)) return null;
  return { status: "declined", declineReason: DELETED_ON_GITHUB, statusChangedAt: now };
}

// Payloads (only what is read; GitHub sends much more) ---------------------------------------------------------------

const ZGithubId = z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be positive").max(Number.MAX_SAFE_INTEGER);
const ZUser = z.object({ login: z.string({ error: "must be text" }).max(100), type: z.string().max(50).optional() }).loose();
const ZIssue = z
  .object({
    id: ZGithubId,
    number: ZGithubId,
    title: z.string({ error: "must be text" }).max(5000),
    body: z.string({ error: "must be text" }).nullable().optional(),
    html_url: z.string({ error: "must be text" }).max(LIMITS.url).regex(/^https?:\/\//i, "must be an http(s) URL"),
    user: ZUser.nullable().optional(),
    labels: z.array(z.object({ name: z.string({ error: "must be text" }).max(1000) }).loose()).max(1000).optional(),
    state: z.string().max(50).optional(),
    state_reason: z.string().max(50).nullable().optional(),
    updated_at: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }),
    pull_request: z.unknown().optional(),
  })
  .loose();
type TIssue = z.infer<typeof ZIssue>;
const ZRepository = z.object({ id: ZGithubId }).loose();

const ZIssuesEvent = z
  .object({
    action: z.string({ error: "must be text" }).max(100),
    issue: ZIssue,
    repository: ZRepository,
    sender: ZUser.optional(),
    changes: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
const ZIssueCommentEvent = z
  .object({
    action: z.string({ error: "must be text" }).max(100),
    issue: ZIssue,
    comment: z
      .object({
        id: ZGithubId,
        body: z.string({ error: "must be text" }).nullable().optional(),
        html_url: z.string().max(LIMITS.url).optional(),
        user: ZUser.nullable().optional(),
        created_at: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).optional(),
      })
      .loose(),
    repository: ZRepository,
    sender: ZUser.optional(),
  })
  .loose();
const ZMove = z.object({ issue: ZIssue, repository: ZRepository });

/** For the OpenAPI document: the parts of GitHub's `issues` and `issue_comment` payloads that are read. */
export const ZGithubWebhookDoc = z.union([ZIssuesEvent, ZIssueCommentEvent, z.object({ zen: z.string(), hook_id: z.number() }).loose()]);

export const ZGithubHookResult = z.object({
  ok: z.boolean().optional(),
  ref: z.string().optional().describe("the item the delivery created or changed, FB-<n>"),
  created: z.boolean().optional(),
  changed: z.array(z.string()).optional().describe("what changed: title, body, labels, status, link, comment"),
  stale: z.boolean().optional().describe("the issue in the payload is older than one already taken: nothing changed"),
  duplicate: z.boolean().optional().describe("this X-GitHub-Delivery was taken before: nothing changed"),
  ignored: z.string().optional().describe("an event or action that feedback does not use"),
});
type HookResult = z.infer<typeof ZGithubHookResult>;

function parsePayload<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error));
  return parsed.data;
}

const isBot = (user: { login: string; type?: string } | null | undefined) => !!user && (user.type === "Bot" || user.login.endsWith("[bot]"));

// The verb -----------------------------------------------------------------------------------------------------------

const NOT_SET_UP = "No GitHub webhook is set up at this address";

async function hookProject(ref: string) {
  if (!ref || ref.length > 200) return null;
  return db.project.findFirst({
    where: { OR: [{ id: ref }, { slug: ref }] },
    select: { id: true, feedbackSettings: { select: { githubSecretEncrypted: true } } },
  });
}

const HANDLED_ISSUE_ACTIONS = new Set(["opened", "edited", "closed", "reopened", "labeled", "unlabeled", "deleted", "transferred"]);

type Effects = { jobs: string[]; events: LiveEvent[] };

/**
 * POST /hooks/github/{project}: verifies the signature over the exact bytes, takes each delivery once and applies
 * issues / issue_comment events to the project's feedback (see the top of this file).
 */
export async function receiveGithubWebhook({ ctx, input }: { ctx: Ctx; input: { project: string; req: Request } }): Promise<HookResult | Response> {
  const project = await hookProject(input.project);
  const envelope = project?.feedbackSettings?.githubSecretEncrypted;
  if (!project || !envelope) throw new AppError("not_found", NOT_SET_UP, 404);
  const req = input.req;
  const raw = await readRawBody(req, GITHUB_MAX_BODY_BYTES);

  let secret: string;
  try {
    secret = decryptGithubSecret(project.id, envelope);
  } catch {
    log.error("feedback.github.secret_unreadable", { projectId: project.id });
    throw new AppError("secret_unreadable", "The GitHub secret stored for this project cannot be read (was ENCRYPTION_KEY changed?); save it again in the project's feedback settings", 500);
  }
  const signature = verifyGithubSignature(secret, raw, req.headers.get("x-hub-signature-256"));
  if (!signature.ok) throw new AppError("invalid_signature", signature.message, 401);

  const event = req.headers.get("x-github-event");
  const deliveryId = req.headers.get("x-github-delivery");
  const headerIssues = [];
  if (!event) headerIssues.push({ path: "X-GitHub-Event", rule: "required", message: "is missing" });
  else if (!/^[a-z_]{1,64}$/.test(event)) headerIssues.push({ path: "X-GitHub-Event", rule: "invalid_format", message: "must be a GitHub event name such as issues" });
  if (!deliveryId) headerIssues.push({ path: "X-GitHub-Delivery", rule: "required", message: "is missing" });
  else if (!/^[A-Za-z0-9-]{1,100}$/.test(deliveryId)) headerIssues.push({ path: "X-GitHub-Delivery", rule: "invalid_format", message: "must be the delivery's GUID" });
  if (headerIssues.length) throw new ValidationError(headerIssues);

  const type = req.headers.get("content-type") ?? "";
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    throw new AppError("unsupported_media_type", "Set the GitHub webhook's Content type to application/json", 415);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ValidationError([{ path: "body", rule: "invalid_json", message: "is not valid JSON" }]);
  }
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
    throw new ValidationError([{ path: "body", rule: "invalid_type", message: "must be a JSON object" }]);
  }

  if (event === "ping") return { ok: true };
  if (event !== "issues" && event !== "issue_comment") return Response.json({ ignored: event }, { status: 202 });

  const audit = systemCtx("github-webhook", ctx.requestId);
  const fx: Effects = { jobs: [], events: [] };
  let work: (tx: Tx) => Promise<HookResult>;
  if (event === "issues") {
    const data = parsePayload(ZIssuesEvent, payload);
    if (data.issue.pull_request) return { ignored: "pull request" };
    if (!HANDLED_ISSUE_ACTIONS.has(data.action)) return { ignored: `issues.${data.action}` };
    const move = data.action === "transferred" ? parseMove(data.changes, "new") : data.action === "opened" && data.changes?.old_issue ? parseMove(data.changes, "old") : null;
    work = (tx) => applyIssueEvent(tx, audit, project.id, data, move, fx);
  } else {
    const data = parsePayload(ZIssueCommentEvent, payload);
    if (data.issue.pull_request) return { ignored: "pull request comment" };
    if (isBot(data.sender) || isBot(data.comment.user)) return { ignored: "comment by a bot" };
    if (!["created", "edited", "deleted"].includes(data.action)) return { ignored: `issue_comment.${data.action}` };
    work = (tx) => applyCommentEvent(tx, audit, project.id, data, fx);
  }

  const result = await db.$transaction(async (tx) => {
    const taken = await tx.$executeRaw`
      INSERT INTO "WebhookDelivery" ("projectId", "provider", "deliveryId", "receivedAt") VALUES (${project.id}, 'github', ${deliveryId}, now())
      ON CONFLICT DO NOTHING`;
    if (!taken) return { duplicate: true };
    return work(tx);
  });
  afterCommit(fx);
  return result;
}

/** changes.new_issue + new_repository (transferred) or changes.old_issue + old_repository (opened after a transfer). */
function parseMove(changes: Record<string, unknown> | undefined, which: "new" | "old") {
  const parsed = ZMove.safeParse({ issue: changes?.[`${which}_issue`], repository: changes?.[`${which}_repository`] });
  if (!parsed.success) {
    throw new ValidationError(issuesFromZod(parsed.error).map((i) => ({ ...i, path: i.path.replace(/^(issue|repository)/, `changes.${which}_$1`) })));
  }
  return parsed.data;
}

type Item = {
  id: string;
  number: number;
  status: TFeedbackStatus;
  title: string;
  body: string;
  labels: string[];
  externalKey: string | null;
  externalUrl: string | null;
  externalUpdatedAt: Date | null;
  triagedAt: Date | null;
  declineReason: string | null;
  externalState: string | null;
};
const ITEM_FIELDS = {
  id: true, number: true, status: true, title: true, body: true, labels: true, externalKey: true, externalUrl: true, externalUpdatedAt: true, triagedAt: true, declineReason: true, externalState: true,
} as const;

type GithubState = "open" | "closed";
/** The issue's state on GitHub as of the newest delivery taken (items stored before it was kept have none). */
/** Declined because the issue was deleted on GitHub: later deliveries about it change nothing. */
const deletedOnGithub = (item: Item) => !item.externalUrl && item.declineReason === DELETED_ON_GITHUB;
const knownState = (item: Item): GithubState | null => (item.externalState === "open" || item.externalState === "closed" ? item.externalState : null);

/** The item of an issue, locked until commit, so deliveries for one issue apply one after another. */
async function lockItem(tx: Tx, projectId: string, key: string): Promise<Item | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "FeedbackItem" WHERE "projectId" = ${projectId} AND "externalKey" = ${key} FOR UPDATE`;
  return row ? tx.feedbackItem.findUniqueOrThrow({ where: { id: row.id }, select: ITEM_FIELDS }) : null;
}

function submissionFrom(projectId: string, repositoryId: number, issue: TIssue): Submission {
  const labels = githubLabels(issue.labels ?? []);
  return {
    projectId,
    source: "github",
    type: githubType(labels),
    title: issueTitle(issue.title),
    body: issueBody(issue.body),
    name: issue.user?.login ? clean(issue.user.login) : null,
    labels,
    externalKey: issueKey(repositoryId, issue.id),
    externalUrl: issue.html_url,
    externalUpdatedAt: new Date(issue.updated_at),
  };
}

/**
 * The issue's item, locked: found by its key; else the item of the issue it was moved from (re-keyed to follow it);
 * else made from the issue in the payload (announced like any new item).
 */
async function ensureItem(
  tx: Tx,
  projectId: string,
  repositoryId: number,
  issue: TIssue,
  fx: Effects,
  movedFrom?: { issue: TIssue; repository: { id: number } } | null,
): Promise<{ item: Item; created: boolean; moved: Item | null }> {
  const key = issueKey(repositoryId, issue.id);
  const found = await lockItem(tx, projectId, key);
  if (found) return { item: found, created: false, moved: null };
  if (movedFrom) {
    const old = await lockItem(tx, projectId, issueKey(movedFrom.repository.id, movedFrom.issue.id));
    if (old) {
      const item = await tx.feedbackItem.update({
        where: { id: old.id },
        data: { externalKey: key, externalUrl: issue.html_url, externalUpdatedAt: new Date(issue.updated_at) },
        select: ITEM_FIELDS,
      });
      return { item, created: false, moved: old };
    }
  }
  const [stored] = await insertSubmissions(tx, projectId, [submissionFrom(projectId, repositoryId, issue)]);
  const more = await announceInTx(tx, projectId, [stored]);
  fx.jobs.push(...more.jobs);
  fx.events.push(...more.events);
  const item = await lockItem(tx, projectId, key);
  if (!item) throw new Error(`The item of ${key} vanished while it was being stored`);
  return { item, created: stored.created, moved: null };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

async function recordChange(tx: Tx, ctx: Ctx, projectId: string, action: string, itemId: string, before: Record<string, unknown>, after: Record<string, unknown>, fx: Effects, announce: boolean) {
  await writeAudit(tx, ctx, { projectId, action, objectType: "feedback_item", objectId: itemId, before, after });
  if (announce) fx.events.push(await recordEvent(tx, projectId, FEEDBACK_EVENT, { kind: "changed", ids: [itemId] }));
}

async function applyIssueEvent(
  tx: Tx,
  ctx: Ctx,
  projectId: string,
  data: z.infer<typeof ZIssuesEvent>,
  move: z.infer<typeof ZMove> | null,
  fx: Effects,
): Promise<HookResult> {
  const now = new Date();
  const action = data.action;
  const auditAction = `feedback.github.${action}`;

  if (action === "transferred") {
    // The item follows the issue to its new repository; an issue never seen is made from its new self.
    const { item, created, moved } = await ensureItem(tx, projectId, move!.repository.id, move!.issue, fx, { issue: data.issue, repository: data.repository });
    const changed = moved ? ["link"] : [];
    if (created || moved) {
      const before = moved ? { externalUrl: moved.externalUrl } : {};
      await recordChange(tx, ctx, projectId, auditAction, item.id, before, { ref: fbRef(item.number), externalUrl: item.externalUrl, created }, fx, !created);
    }
    return { ok: true, ref: fbRef(item.number), created, changed };
  }

  if (action === "deleted") {
    const item = await lockItem(tx, projectId, issueKey(data.repository.id, data.issue.id));
    if (!item) return { ignored: "deleted issue that was never taken in" };
    const patch = statusChange("deleted", item, null, now);
    const at = new Date(data.issue.updated_at);
    // Deliveries about the issue that arrive after its deletion are then stale.
    const newer = !item.externalUpdatedAt || at.getTime() > item.externalUpdatedAt.getTime();
    const update: Prisma.FeedbackItemUpdateInput = { ...patch, externalUrl: null, ...(newer ? { externalUpdatedAt: at } : {}) };
    const changed = [...(patch ? ["status"] : []), ...(item.externalUrl ? ["link"] : [])];
    if (!changed.length) return { ok: true, ref: fbRef(item.number), created: false, changed };
    await tx.feedbackItem.update({ where: { id: item.id }, data: update });
    await recordChange(
      tx, ctx, projectId, auditAction, item.id,
      { status: item.status, externalUrl: item.externalUrl },
      { ref: fbRef(item.number), status: patch?.status ?? item.status, declineReason: patch?.declineReason ?? item.declineReason, externalUrl: null },
      fx, true,
    );
    return { ok: true, ref: fbRef(item.number), created: false, changed };
  }

  const { item, created, moved } = await ensureItem(tx, projectId, data.repository.id, data.issue, fx, move);
  const ref = fbRef(item.number);
  if (!created && deletedOnGithub(item)) return { ignored: "issue was deleted on GitHub" };
  const snap = await applySnapshot(tx, item, data.issue, { action, created, moved, now });
  if (snap === "stale") return { ok: true, ref, created: false, changed: [], stale: true };

  if (created) {
    const made = { ref, title: item.title, source: "github", externalUrl: item.externalUrl, ...(snap.patch ? { status: snap.patch.status } : {}) };
    await recordChange(tx, ctx, projectId, auditAction, item.id, {}, made, fx, false);
    return { ok: true, ref, created, changed: snap.patch ? ["status"] : [] };
  }
  if (snap.changed.length) await recordChange(tx, ctx, projectId, auditAction, item.id, snap.before, { ref, ...snap.after }, fx, true);
  return { ok: true, ref, created, changed: snap.changed };
}

/**
 * Brings an item up to the issue as a delivery saw it, unless the item already holds a later view of the issue
 * ("stale"). Every delivery about an issue carries the whole issue (comments too), so whichever order deliveries
 * arrive in, the item ends as the newest of them describes it. GitHub owns title, details and labels of the items it
 * brought. The status follows the issue's state: when a delivery shows it closed or open again where the last one
 * taken did not, the item closes or reopens, even when the "closed" or "reopened" delivery itself comes late (and is
 * stale). A triager's own status change stands until the issue's state on GitHub changes.
 */
async function applySnapshot(
  tx: Tx,
  item: Item,
  issue: TIssue,
  { action, created, moved, now }: { action: string; created: boolean; moved: Item | null; now: Date },
): Promise<"stale" | { changed: string[]; before: Record<string, unknown>; after: Record<string, unknown>; patch: StatusPatch | null }> {
  const at = new Date(issue.updated_at);
  if (!created && item.externalUpdatedAt && at.getTime() < item.externalUpdatedAt.getTime()) return "stale";
  const update: Prisma.FeedbackItemUpdateInput = {};
  const changed: string[] = [];
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const note = (field: string, from: unknown, to: unknown) => {
    changed.push(field);
    before[field] = from;
    after[field] = to;
  };
  if (moved) note("link", moved.externalUrl, item.externalUrl);
  const title = issueTitle(issue.title);
  if (title !== item.title) {
    update.title = title;
    note("title", item.title, title);
  }
  const body = issueBody(issue.body);
  if (body !== item.body) {
    update.body = body;
    changed.push("body"); // the text itself stays out of the audit log
  }
  const labels = githubLabels(issue.labels ?? []);
  if (!sameList(labels, item.labels)) {
    update.labels = labels;
    note("labels", item.labels, labels);
  }
  if (!moved && issue.html_url !== item.externalUrl) {
    update.externalUrl = issue.html_url;
    note("link", item.externalUrl, issue.html_url);
  }
  const known = knownState(item);
  const state: GithubState | null = action === "closed" ? "closed" : action === "reopened" ? "open" : issue.state === "closed" || issue.state === "open" ? issue.state : null;
  // Items stored before the state was kept follow the close and reopen deliveries only. A new item made from a closed
  // issue (a late webhook, a comment on an old issue) starts closed.
  const closing = known || created ? state === "closed" && known !== "closed" : action === "closed";
  const reopening = known ? state === "open" && known === "closed" : action === "reopened";
  const patch = closing ? statusChange("closed", item, issue.state_reason, now) : reopening ? statusChange("reopened", item, null, now) : null;
  if (state && state !== known) update.externalState = state;
  if (patch) {
    Object.assign(update, patch);
    note("status", item.status, patch.status);
    if (patch.declineReason !== undefined) after.declineReason = patch.declineReason;
  }
  if (!item.externalUpdatedAt || at.getTime() > item.externalUpdatedAt.getTime()) update.externalUpdatedAt = at;
  if (Object.keys(update).length) await tx.feedbackItem.update({ where: { id: item.id }, data: update });
  return { changed, before, after, patch };
}

async function applyCommentEvent(tx: Tx, ctx: Ctx, projectId: string, data: z.infer<typeof ZIssueCommentEvent>, fx: Effects): Promise<HookResult> {
  const key = commentKey(projectId, data.comment.id);
  const existing = await tx.feedbackComment.findUnique({ where: { externalKey: key }, select: { id: true, body: true, itemId: true, item: { select: { projectId: true, number: true } } } });
  // Comment keys are unique across projects: a repository hooked to two projects keeps its comments in the first.
  if (existing && existing.item.projectId !== projectId) return { ignored: "comment taken in by another project" };
  const body = cut(data.comment.body ?? "", LIMITS.comment, BODY_CUT_NOTE);
  const author = clean(data.comment.user?.login ?? data.sender?.login ?? "GitHub user");
  const auditAction = `feedback.github.comment_${data.action}`;
  const link = data.comment.html_url ?? null;

  if (data.action === "deleted") {
    if (!existing) return { ignored: "deleted comment that was never taken in" };
    await tx.feedbackComment.delete({ where: { id: existing.id } });
    await tx.$executeRaw`UPDATE "FeedbackItem" SET "commentCount" = GREATEST("commentCount" - 1, 0), "updatedAt" = now() WHERE "id" = ${existing.itemId}`;
    await recordChange(tx, ctx, projectId, auditAction, existing.itemId, { comment: link, author }, { ref: fbRef(existing.item.number) }, fx, true);
    return { ok: true, ref: fbRef(existing.item.number), created: false, changed: ["comment"] };
  }
  if (existing) {
    // edited (or a created that GitHub sent again under a new delivery id): the text as it is now.
    if (existing.body === body) return { ok: true, ref: fbRef(existing.item.number), created: false, changed: [] };
    await tx.feedbackComment.update({ where: { id: existing.id }, data: { body } });
    await recordChange(tx, ctx, projectId, auditAction, existing.itemId, {}, { ref: fbRef(existing.item.number), comment: link, author }, fx, true);
    return { ok: true, ref: fbRef(existing.item.number), created: false, changed: ["comment"] };
  }
  // created, or edited before we had it: the comment as it is now, on the issue's item (made if need be).
  const { item, created } = await ensureItem(tx, projectId, data.repository.id, data.issue, fx);
  // The comment's delivery carries the issue as it was after the comment: a later view than an issue event sent before it.
  const snap = !created && deletedOnGithub(item) ? "stale" : await applySnapshot(tx, item, data.issue, { action: "comment", created, moved: null, now: new Date() });
  const issueChanged = snap !== "stale" && !created ? snap.changed : [];
  if (issueChanged.length && snap !== "stale") {
    await recordChange(tx, ctx, projectId, "feedback.github.updated", item.id, snap.before, { ref: fbRef(item.number), ...snap.after }, fx, true);
  }
  const createdAt = data.comment.created_at ? new Date(data.comment.created_at) : new Date();
  const inserted = await tx.feedbackComment.createMany({
    data: [{ itemId: item.id, authorName: author, body, source: "github", externalKey: key, createdAt }],
    skipDuplicates: true,
  });
  if (!inserted.count) return { ok: true, ref: fbRef(item.number), created, changed: issueChanged };
  await tx.feedbackItem.update({ where: { id: item.id }, data: { commentCount: { increment: 1 } } });
  await recordChange(tx, ctx, projectId, auditAction, item.id, {}, { ref: fbRef(item.number), comment: link, author }, fx, !created);
  return { ok: true, ref: fbRef(item.number), created, changed: [...issueChanged, "comment"] };
}
