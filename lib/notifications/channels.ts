import { randomUUID } from "node:crypto";
import type { NotificationChannel, NotificationDelivery } from "@prisma/client";
import { db, type Tx } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { decryptSecrets, encryptSecrets, randomToken } from "../crypto/secrets";
import { ConflictError, NotFoundError, parseInput, ValidationError } from "../errors";
import { relayAfterCommit } from "../jobs/enqueue";
import { channelTargetSchema, ZChannelCreate, ZChannelUpdate, TEST_EVENT, type NotificationData, type TChannel, type TChannelFormat, type TDelivery } from "./schemas";
import { queueDelivery } from "./notify";
import { joinRecipients, recipientsHint } from "./recipients";
import { emailConfigured } from "./smtp-config";

// Sealed to the channel (AAD names project and channel), so an envelope copied onto another row does not open.
// The "channel:" prefix keeps these bindings apart from target ids in the same AAD space.
const bindingFor = (c: Pick<NotificationChannel, "id" | "projectId">) => ({ projectId: c.projectId, targetId: `channel:${c.id}` });

/** The URL and, for JSON channels, the signing secret, sealed together in one envelope. */
export const sealUrl = (channel: Pick<NotificationChannel, "id" | "projectId">, url: string, signingSecret?: string) =>
  encryptSecrets(signingSecret ? { url, signingSecret } : { url }, bindingFor(channel));

/**
 * Server-side only: the webhook URL (for e-mail channels the recipients, comma-separated), for the worker that sends.
 * Never returned by any route, never logged.
 */
export function channelUrl(channel: Pick<NotificationChannel, "id" | "projectId" | "urlEncrypted">): string {
  return decryptSecrets(channel.urlEncrypted, bindingFor(channel)).url;
}

/** Server-side only: the secret JSON deliveries are signed with (null for channels made before signing existed). */
export function channelSigningSecret(channel: Pick<NotificationChannel, "id" | "projectId" | "urlEncrypted">): string | null {
  try {
    return decryptSecrets(channel.urlEncrypted, bindingFor(channel)).signingSecret ?? null;
  } catch {
    return null;
  }
}

/** "whsec_…": shown once when a JSON channel is created; receivers verify X-TMinus-Signature with it (docs/webhooks.md). */
const newSigningSecret = () => `whsec_${randomToken(24)}`;

export function toChannel(c: NotificationChannel): TChannel {
  return {
    id: c.id,
    projectId: c.projectId,
    name: c.name,
    format: c.format,
    urlOrigin: c.urlOrigin,
    events: [...c.events],
    enabled: c.enabled,
    createdAt: c.createdAt.toISOString(),
  };
}

export function toDelivery(d: NotificationDelivery): TDelivery {
  return {
    id: d.id,
    channelId: d.channelId,
    event: d.event,
    title: String((d.data as { title?: unknown } | null)?.title ?? ""),
    status: d.status,
    httpStatus: d.httpStatus,
    error: d.error,
    attempts: d.attempts,
    createdAt: d.createdAt.toISOString(),
    sentAt: d.sentAt?.toISOString() ?? null,
  };
}

/** What is sealed for a parsed url (a webhook URL, or recipients) and what may be shown of it. */
function describeTarget(format: TChannelFormat, url: string | string[]): { stored: string; shown: string } {
  if (format === "email") {
    const list = url as string[];
    return { stored: joinRecipients(list), shown: recipientsHint(list) };
  }
  return { stored: url as string, shown: new URL(url as string).origin };
}

/** A 400 on "format" when this instance has no mail server: only an instance admin can change that. */
function refuseEmailWithoutSmtp(format: TChannelFormat | undefined) {
  if (format !== "email" || emailConfigured()) return;
  const message = "e-mail channels need a mail server: an instance admin must set SMTP_URL (and SMTP_FROM) on the server first";
  throw new ValidationError([{ path: "format", rule: "smtp_not_configured", message }]);
}

// The audit log sees where a channel points (origin) and whether the URL changed, never the URL.
const auditView = (c: NotificationChannel) => ({ name: c.name, format: c.format, urlOrigin: c.urlOrigin, events: c.events, enabled: c.enabled });

async function loadChannel(tx: Tx | typeof db, projectId: string, channelId: string) {
  const channel = await tx.notificationChannel.findFirst({ where: { id: channelId, projectId } });
  if (!channel) throw new NotFoundError("Notification channel");
  return channel;
}

async function refuseTakenName(tx: Tx, projectId: string, name: string, exceptId?: string) {
  const other = await tx.notificationChannel.findFirst({ where: { projectId, name, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  if (other) throw new ConflictError(`A notification channel named "${name}" exists in this project`, "name_taken");
}

export async function listChannels({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TChannel[]> {
  await authorize(ctx, input.projectId, "notification.manage");
  const rows = await db.notificationChannel.findMany({ where: { projectId: input.projectId }, orderBy: { createdAt: "asc" } });
  return rows.map(toChannel);
}

export async function createChannel({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TChannel> {
  await authorize(ctx, input.projectId, "notification.manage");
  const data = parseInput(ZChannelCreate, input.data);
  refuseEmailWithoutSmtp(data.format);
  const target = describeTarget(data.format, data.url);
  return db.$transaction(async (tx) => {
    await refuseTakenName(tx, input.projectId, data.name);
    // The id is chosen before the insert because the encrypted URL, a required column, is sealed to it.
    const id = randomUUID();
    const signingSecret = data.format === "json" ? newSigningSecret() : undefined;
    const channel = await tx.notificationChannel.create({
      data: {
        id,
        projectId: input.projectId,
        name: data.name,
        format: data.format,
        urlEncrypted: sealUrl({ id, projectId: input.projectId }, target.stored, signingSecret),
        urlOrigin: target.shown,
        events: data.events,
        enabled: data.enabled,
      },
    });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "notification.channel.create", objectType: "notification_channel", objectId: id, after: auditView(channel) });
    // The only time the signing secret leaves the server: the receiver needs it to verify deliveries.
    return { ...toChannel(channel), ...(signingSecret ? { signingSecret } : {}) };
  });
}

export async function updateChannel({ ctx, input }: { ctx: Ctx; input: { projectId: string; channelId: string; patch: unknown } }): Promise<TChannel> {
  await authorize(ctx, input.projectId, "notification.manage");
  const patch = parseInput(ZChannelUpdate, input.patch);
  let fresh: string | undefined;
  return db.$transaction(async (tx) => {
    const before = await loadChannel(tx, input.projectId, input.channelId);
    if (patch.name && patch.name !== before.name) await refuseTakenName(tx, input.projectId, patch.name, before.id);
    const format = patch.format ?? before.format;
    if (format !== before.format) refuseEmailWithoutSmtp(format);
    // Recipients are no webhook URL and back: a channel that changes between the two needs its new target.
    if ((format === "email") !== (before.format === "email") && patch.url === undefined) {
      const message = format === "email" ? "give the recipients' addresses when a channel becomes an e-mail channel" : "give the webhook URL when an e-mail channel becomes a webhook";
      throw new ValidationError([{ path: "url", rule: "required", message }]);
    }
    const target = patch.url === undefined ? null : describeTarget(format, parseInput(channelTargetSchema(format), patch.url, "url"));
    // A new URL keeps the signing secret; a channel that becomes JSON (or predates signing) gets one, shown once.
    const secret = channelSigningSecret(before);
    if (format === "json" && !secret) fresh = newSigningSecret();
    const resealed =
      target || fresh
        ? { urlEncrypted: sealUrl(before, target?.stored ?? channelUrl(before), secret ?? fresh), urlOrigin: target?.shown ?? before.urlOrigin }
        : {};
    const after = await tx.notificationChannel.update({
      where: { id: before.id },
      data: {
        name: patch.name,
        format: patch.format,
        events: patch.events,
        enabled: patch.enabled,
        ...resealed,
      },
    });
    await writeAudit(tx, ctx, {
      projectId: input.projectId,
      action: "notification.channel.update",
      objectType: "notification_channel",
      objectId: after.id,
      before: auditView(before),
      after: { ...auditView(after), urlChanged: Boolean(target) },
    });
    return { ...toChannel(after), ...(fresh ? { signingSecret: fresh } : {}) };
  });
}

export async function deleteChannel({ ctx, input }: { ctx: Ctx; input: { projectId: string; channelId: string } }) {
  await authorize(ctx, input.projectId, "notification.manage");
  await db.$transaction(async (tx) => {
    const before = await loadChannel(tx, input.projectId, input.channelId);
    // Its deliveries go with it (cascade); a queued job then finds no row and does nothing.
    await tx.notificationChannel.delete({ where: { id: before.id } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "notification.channel.delete", objectType: "notification_channel", objectId: before.id, before: auditView(before) });
  });
  return { deleted: true };
}

/** Queues one "test" delivery to this channel, whatever it subscribes to and even while disabled: an admin asked for it. */
export async function sendTestNotification({ ctx, input }: { ctx: Ctx; input: { projectId: string; channelId: string } }): Promise<TDelivery> {
  await authorize(ctx, input.projectId, "notification.manage");
  const delivery = await db.$transaction(async (tx) => {
    const channel = await loadChannel(tx, input.projectId, input.channelId);
    const data: NotificationData = {
      title: "Test notification from T-Minus",
      text: `If you can read this, the channel "${channel.name}" works. Deployment and lock events of this project will arrive here.`,
      severity: "info",
    };
    const delivery = await queueDelivery(tx, channel, TEST_EVENT, data);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "notification.channel.test", objectType: "notification_channel", objectId: channel.id, after: { deliveryId: delivery.id, urlOrigin: channel.urlOrigin } });
    return delivery;
  });
  await relayAfterCommit([delivery.id]);
  return toDelivery(delivery);
}

export async function listDeliveries({ ctx, input }: { ctx: Ctx; input: { projectId: string; channelId: string } }): Promise<TDelivery[]> {
  await authorize(ctx, input.projectId, "notification.manage");
  await loadChannel(db, input.projectId, input.channelId);
  const rows = await db.notificationDelivery.findMany({
    where: { channelId: input.channelId, projectId: input.projectId },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  return rows.map(toDelivery);
}
