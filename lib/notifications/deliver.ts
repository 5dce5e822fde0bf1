import { createHmac } from "node:crypto";
import type { ChannelFormat, NotificationChannel, NotificationDelivery } from "@prisma/client";
import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { JOBS } from "../jobs/contract";
import { guardedFetch, GuardedFetchError, type GuardedResponse } from "../net/guarded-fetch";
import { retryAfterMs } from "../deployments/adapters/provider-http";
import { networkPolicy } from "../settings/instance";
import { log } from "../observability/log";
import { channelSigningSecret, channelUrl, toDelivery } from "./channels";
import { renderEmail, type EmailBody } from "./email-format";
import { RENDERERS, type RenderContext } from "./formats";
import { splitRecipients } from "./recipients";
import { sendEmail } from "./smtp";
import { redactUrl } from "./redact";
import { TEST_EVENT, ZNotificationData, type TDelivery } from "./schemas";

const OPTIONS = JOBS["notification.deliver"].options;
export const DELIVERY_ATTEMPTS = OPTIONS.attempts;
const BASE_DELAY_MS = OPTIONS.backoff.delay;
// A receiver asking for a longer pause than this is retried sooner anyway (and told so in the error).
export const MAX_RETRY_WAIT_MS = 10 * 60_000;
const TIMEOUT_MS = 10_000;
// Slack answers "ok", Discord nothing: an answer past this is not read.
const MAX_BODY_BYTES = 16 * 1024;

/** Thrown to make BullMQ try again; `retryDelayMs` is read by jobBackoff (lib/jobs/contract.ts). */
export class NotificationRetryError extends Error {
  constructor(
    message: string,
    readonly retryDelayMs: number,
  ) {
    super(message);
    this.name = "NotificationRetryError";
  }
}

type WebhookFormat = Exclude<ChannelFormat, "email">;

const RECEIVER: Record<WebhookFormat, string> = { slack: "Slack", discord: "Discord", json: "The webhook receiver" };

/** What the receiver said, in one short line: a JSON `message`/`error`, else the start of the text (Slack: "invalid_payload"). */
function saidBy(res: GuardedResponse): string {
  const text = res.text().trim();
  try {
    const json = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = typeof json?.message === "string" ? json.message : typeof json?.error === "string" ? json.error : null;
    if (message) return message.replace(/\s+/g, " ").slice(0, 200);
  } catch {
    // not JSON
  }
  return text.replace(/\s+/g, " ").slice(0, 200);
}

/** Discord puts `retry_after` (seconds, fractional) in the 429 body besides the Retry-After header; the longer wins. */
function requestedWaitMs(res: GuardedResponse): number | null {
  const fromHeader = retryAfterMs(res.headers);
  let fromBody: number | null = null;
  try {
    const seconds = (JSON.parse(res.text()) as { retry_after?: unknown })?.retry_after;
    if (typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0) fromBody = Math.ceil(seconds * 1000);
  } catch {
    // not JSON
  }
  if (fromHeader === null) return fromBody;
  return fromBody === null ? fromHeader : Math.max(fromHeader, fromBody);
}

// `note`: something the sender should know about a message that did go out (recipients a mail server refused).
type Outcome = { ok: true; httpStatus: number | null; note?: string | null } | { ok: false; httpStatus: number | null; error: string; retry: boolean; waitMs: number | null };

function judge(format: WebhookFormat, res: GuardedResponse): Outcome {
  const who = RECEIVER[format];
  const status = res.status;
  if (status >= 200 && status < 300) return { ok: true, httpStatus: status };
  const said = saidBy(res);
  const detail = said ? `HTTP ${status}: ${said}` : `HTTP ${status}`;
  if (status === 429) return { ok: false, httpStatus: status, retry: true, waitMs: requestedWaitMs(res), error: `${who} is rate limiting this webhook (${detail}).` };
  if (status >= 500 || status === 408) {
    return { ok: false, httpStatus: status, retry: true, waitMs: requestedWaitMs(res), error: `${who} failed to take the notification (${detail}).` };
  }
  if (status === 404 || status === 410) {
    return { ok: false, httpStatus: status, retry: false, waitMs: null, error: `${who} no longer knows this webhook (${detail}); create a new webhook and update the channel's URL.` };
  }
  if (status === 401 || status === 403) {
    return { ok: false, httpStatus: status, retry: false, waitMs: null, error: `${who} refused the webhook (${detail}); check the channel's URL and the webhook's permissions.` };
  }
  return { ok: false, httpStatus: status, retry: false, waitMs: null, error: `${who} refused the notification (${detail}).` };
}

/**
 * Stripe-style signature of a JSON delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. The time
 * inside the signed text lets a receiver refuse replays older than a few minutes.
 */
export function signatureHeader(secret: string, body: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

async function send(format: WebhookFormat, url: string, body: unknown, signing?: { secret: string | null; deliveryId: string; event: string }): Promise<Outcome> {
  try {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "T-Minus/1 notifications" };
    if (signing) {
      headers["x-tminus-event"] = signing.event;
      headers["x-tminus-delivery"] = signing.deliveryId;
      if (signing.secret) headers["x-tminus-signature"] = signatureHeader(signing.secret, raw);
    }
    const res = await guardedFetch(url, {
      policy: await networkPolicy(),
      method: "POST",
      headers,
      body: raw,
      timeoutMs: TIMEOUT_MS,
      maxBodyBytes: MAX_BODY_BYTES,
    });
    return judge(format, res);
  } catch (error) {
    if (!(error instanceof GuardedFetchError)) throw error;
    // The instance refusing the address will not change by itself; a network failure may.
    const retry = error.code !== "refused_by_policy" && error.code !== "invalid_url" && error.code !== "unsupported_protocol";
    const message = error.code === "refused_by_policy" ? error.message : `${error.message} (${error.code})`;
    return { ok: false, httpStatus: null, retry, waitMs: null, error: message };
  }
}

type Loaded = NotificationDelivery & { channel: NotificationChannel & { project: RenderContext["project"] } };

type Prepared = { format: "email"; url: string; body: EmailBody } | { format: WebhookFormat; url: string; body: unknown };

// Neither failure mends itself on a retry, so each ends the delivery with a sentence saying what to do.
function prepare(delivery: Loaded, channel: Loaded["channel"]): Prepared | { error: string } {
  let url: string;
  try {
    url = channelUrl(channel);
  } catch {
    const [what, field] = channel.format === "email" ? ["recipients", "recipients"] : ["webhook URL", "URL"];
    return { error: `The stored ${what} could not be decrypted (was ENCRYPTION_KEY changed?); save the channel's ${field} again.` };
  }
  const data = ZNotificationData.safeParse(delivery.data);
  if (!data.success) return { error: "This notification's stored data is not valid, so it was not sent." };
  const ctx: RenderContext = { event: delivery.event, project: channel.project, sentAt: new Date() };
  if (channel.format === "email") return { format: "email", url, body: renderEmail(data.data, ctx) };
  return { format: channel.format, url, body: RENDERERS[channel.format](data.data, ctx) };
}

// E-mail has no HTTP status: the mail server's reply is quoted in the sentence. Its errors carry no addresses.
async function sendMail(recipients: string, body: EmailBody, delivery: Loaded): Promise<Outcome> {
  const sent = await sendEmail({ to: splitRecipients(recipients), body, deliveryId: delivery.id, event: delivery.event, policy: await networkPolicy() });
  return sent.ok ? { ok: true, httpStatus: null, note: sent.note } : { ok: false, httpStatus: null, retry: sent.retry, waitMs: null, error: sent.error };
}

/**
 * The worker's verb for notification.deliver. A delivery that succeeded or finally failed is never sent again, so a
 * re-run job is harmless. A transient failure (429, 5xx, network) with attempts left leaves the row queued and throws
 * NotificationRetryError carrying the wait; the last attempt records the failure instead.
 */
export async function deliverNotification({ ctx, input }: { ctx: Ctx; input: { deliveryId: string } }): Promise<TDelivery | null> {
  const delivery = await db.notificationDelivery.findUnique({
    where: { id: input.deliveryId },
    include: { channel: { include: { project: { select: { id: true, name: true, slug: true } } } } },
  });
  if (!delivery) return null;
  await authorize(ctx, delivery.projectId, "notification.manage");
  if (delivery.status === "succeeded" || delivery.status === "failed") return toDelivery(delivery);
  // "running" is claimed again: that is a job whose worker died mid-send and BullMQ re-ran. Sending twice then is the
  // price of never losing a notification; the job id (= delivery id) keeps two live jobs apart otherwise.
  const claim = await db.notificationDelivery.updateMany({
    where: { id: delivery.id, status: { in: ["queued", "running"] } },
    data: { status: "running", attempts: { increment: 1 } },
  });
  if (!claim.count) return toDelivery(await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } }));
  const attempt = delivery.attempts + 1;
  const { channel } = delivery;

  let outcome: Outcome;
  let url: string | null = null;
  if (!channel.enabled && delivery.event !== TEST_EVENT) {
    outcome = { ok: false, httpStatus: null, retry: false, waitMs: null, error: "The channel was disabled before this notification was sent." };
  } else {
    const prepared = prepare(delivery, channel);
    if ("error" in prepared) outcome = { ok: false, httpStatus: null, retry: false, waitMs: null, error: prepared.error };
    else if (prepared.format === "email") outcome = await sendMail(prepared.url, prepared.body, delivery);
    else {
      url = prepared.url;
      outcome = await send(prepared.format, url, prepared.body, prepared.format === "json" ? { secret: channelSigningSecret(channel), deliveryId: delivery.id, event: delivery.event } : undefined);
    }
  }

  if (outcome.ok) {
    const row = await db.notificationDelivery.update({
      where: { id: delivery.id },
      data: { status: "succeeded", httpStatus: outcome.httpStatus, error: outcome.note ?? null, sentAt: new Date() },
    });
    log.info("notification.sent", { deliveryId: row.id, origin: channel.urlOrigin, httpStatus: row.httpStatus, attempt });
    return toDelivery(row);
  }

  const last = attempt >= DELIVERY_ATTEMPTS;
  const backoffMs = BASE_DELAY_MS * 2 ** (attempt - 1);
  const waitMs = Math.min(Math.max(backoffMs, outcome.waitMs ?? 0), MAX_RETRY_WAIT_MS);
  let error = url ? redactUrl(outcome.error, url) : outcome.error;
  if (outcome.retry && !last) {
    const asked = outcome.waitMs !== null && outcome.waitMs > MAX_RETRY_WAIT_MS ? ` It asked to wait ${Math.ceil(outcome.waitMs / 1000)} s;` : "";
    error = `${error}${asked} Trying again in ${Math.ceil(waitMs / 1000)} s (attempt ${attempt} of ${DELIVERY_ATTEMPTS}).`;
  } else if (outcome.retry) {
    error = `${error} Gave up after ${attempt} attempts.`;
  }
  const retrying = outcome.retry && !last;
  const row = await db.notificationDelivery.update({
    where: { id: delivery.id },
    data: { status: retrying ? "queued" : "failed", httpStatus: outcome.httpStatus, error: error.slice(0, 1000) },
  });
  log.info("notification.not_sent", { deliveryId: row.id, origin: channel.urlOrigin, httpStatus: row.httpStatus, attempt, retrying });
  if (retrying) throw new NotificationRetryError(row.error!, waitMs);
  return toDelivery(row);
}
