import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError, ConflictError } from "@/lib/errors";
import { decryptSecrets } from "@/lib/crypto/secrets";
import {
  channelUrl,
  createChannel,
  deleteChannel,
  listChannels,
  listDeliveries,
  sendTestNotification,
  updateChannel,
} from "@/lib/notifications/channels";
import { notifyInTx } from "@/lib/notifications/notify";
import type { NotificationData } from "@/lib/notifications/schemas";
import { projectWithRoles, userCtx } from "@/tests/helpers/fixtures";
import { discardNotificationJobsSince } from "./helpers";

// Channels that only get created are never sent to; those that get deliveries point at loopback port 9 (nothing
// listens there), and every delivery job made here is removed afterwards so no worker in a later file sends it.
const SLACK = "https://hooks.slack.test/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx";
const SECRET = "abcdefghijklmnopqrstuvwx";
const LOOPBACK = (secret: string) => `http://127.0.0.1:9/hooks/${secret}`;

let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(() => discardNotificationJobsSince(startedAt));

async function world() {
  const { project, users, outsider } = await projectWithRoles();
  return { projectId: project.id, admin: userCtx(users.admin), users, outsider };
}

const data: NotificationData = { title: "Deploy failed", text: "Health check answered HTTP 500", severity: "danger" };

describe("notification channels", () => {
  it("are created, listed, changed and deleted by admins, showing only the URL's origin", async () => {
    const { projectId, admin } = await world();
    const created = await createChannel({ ctx: admin, input: { projectId, data: { name: "Releases", format: "slack", url: SLACK, events: ["deployment.failed"] } } });
    expect(created).toEqual({
      id: expect.any(String),
      projectId,
      name: "Releases",
      format: "slack",
      urlOrigin: "https://hooks.slack.test",
      events: ["deployment.failed"],
      enabled: true,
      createdAt: expect.any(String),
    });
    expect(await listChannels({ ctx: admin, input: { projectId } })).toEqual([created]);

    const row = await db.notificationChannel.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.urlEncrypted).not.toContain(SECRET);
    expect(channelUrl(row)).toBe(SLACK);

    const changed = await updateChannel({
      ctx: admin,
      input: { projectId, channelId: created.id, patch: { name: "Alerts", events: ["*"], enabled: false } },
    });
    expect(changed).toMatchObject({ name: "Alerts", events: ["*"], enabled: false, urlOrigin: "https://hooks.slack.test" });
    // An update without a url keeps the stored one.
    expect(channelUrl(await db.notificationChannel.findUniqueOrThrow({ where: { id: created.id } }))).toBe(SLACK);

    const moved = await updateChannel({ ctx: admin, input: { projectId, channelId: created.id, patch: { url: "https://discord.test/api/webhooks/1234567/tok-en" } } });
    expect(moved.urlOrigin).toBe("https://discord.test");

    expect(await deleteChannel({ ctx: admin, input: { projectId, channelId: created.id } })).toEqual({ deleted: true });
    expect(await listChannels({ ctx: admin, input: { projectId } })).toEqual([]);
    await expect(deleteChannel({ ctx: admin, input: { projectId, channelId: created.id } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("never put the URL in audit rows, which say what changed", async () => {
    const { projectId, admin } = await world();
    const c = await createChannel({ ctx: admin, input: { projectId, data: { name: "Ops", format: "json", url: SLACK, events: ["*"] } } });
    await updateChannel({ ctx: admin, input: { projectId, channelId: c.id, patch: { url: `${SLACK}zz` } } });
    await updateChannel({ ctx: admin, input: { projectId, channelId: c.id, patch: { enabled: false } } });
    await deleteChannel({ ctx: admin, input: { projectId, channelId: c.id } });
    const audit = await db.auditLog.findMany({ where: { projectId, objectId: c.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "notification.channel.create",
      "notification.channel.update",
      "notification.channel.update",
      "notification.channel.delete",
    ]);
    expect(audit[1].after).toMatchObject({ urlOrigin: "https://hooks.slack.test", urlChanged: true });
    expect(audit[2].after).toMatchObject({ enabled: false, urlChanged: false });
    const text = JSON.stringify(audit.map((a) => [a.before, a.after]));
    expect(text).toContain("hooks.slack.test");
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("/services/");
  });

  it("refuse members, approvers and viewers with ForbiddenError, and hide the project from outsiders", async () => {
    const { projectId, admin, users, outsider } = await world();
    const c = await createChannel({ ctx: admin, input: { projectId, data: { name: "Ops", format: "slack", url: LOOPBACK("rbac-secret-1"), events: ["*"] } } });
    for (const role of ["viewer", "member", "approver"] as const) {
      const ctx = userCtx(users[role]);
      await expect(listChannels({ ctx, input: { projectId } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(createChannel({ ctx, input: { projectId, data: { name: "x", format: "slack", url: SLACK, events: ["*"] } } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(updateChannel({ ctx, input: { projectId, channelId: c.id, patch: { enabled: false } } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(deleteChannel({ ctx, input: { projectId, channelId: c.id } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(sendTestNotification({ ctx, input: { projectId, channelId: c.id } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listDeliveries({ ctx, input: { projectId, channelId: c.id } })).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(listChannels({ ctx: userCtx(users.member), input: { projectId } })).rejects.toThrow(
      "Members cannot manage this project's notification channels. Ask a project admin for the admin role.",
    );
    await expect(listChannels({ ctx: userCtx(outsider), input: { projectId } })).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.notificationChannel.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ enabled: true });
  });

  it("refuse bad input naming the field, a taken name, and another project's channel", async () => {
    const { projectId, admin } = await world();
    const bad = (body: unknown) => createChannel({ ctx: admin, input: { projectId, data: body } }).catch((e) => e);
    const e1 = await bad({ name: "x", format: "slack", url: "javascript:alert(1)", events: ["*"] });
    expect(e1).toBeInstanceOf(ValidationError);
    expect(e1.issues.map((i: { path: string }) => i.path)).toEqual(["url"]);
    const e2 = await bad({ name: "x", format: "slack", url: SLACK, events: ["deploy.done"] });
    expect(e2.issues.map((i: { path: string }) => i.path)).toEqual(["events.0"]);

    await createChannel({ ctx: admin, input: { projectId, data: { name: "Ops", format: "slack", url: SLACK, events: ["*"] } } });
    await expect(bad({ name: "Ops", format: "discord", url: SLACK, events: ["*"] })).resolves.toBeInstanceOf(ConflictError);

    const other = await world();
    const theirs = await createChannel({ ctx: other.admin, input: { projectId: other.projectId, data: { name: "Theirs", format: "slack", url: SLACK, events: ["*"] } } });
    await expect(updateChannel({ ctx: admin, input: { projectId, channelId: theirs.id, patch: { enabled: false } } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listDeliveries({ ctx: admin, input: { projectId, channelId: theirs.id } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("seal each URL to its own channel: an envelope copied onto another channel does not open", async () => {
    const { projectId, admin } = await world();
    const a = await createChannel({ ctx: admin, input: { projectId, data: { name: "A", format: "slack", url: SLACK, events: ["*"] } } });
    const b = await createChannel({ ctx: admin, input: { projectId, data: { name: "B", format: "slack", url: "https://hooks.slack.test/other", events: ["*"] } } });
    const rowA = await db.notificationChannel.findUniqueOrThrow({ where: { id: a.id } });
    expect(() => decryptSecrets(rowA.urlEncrypted, { projectId, targetId: `channel:${b.id}` })).toThrow();
    expect(() => decryptSecrets(rowA.urlEncrypted, { projectId, targetId: a.id })).toThrow();
  });
});

describe("notifyInTx", () => {
  it("queues one delivery and one outbox job per enabled channel subscribed to the event or to *", async () => {
    const { projectId, admin } = await world();
    const make = (name: string, events: string[], enabled = true) =>
      createChannel({ ctx: admin, input: { projectId, data: { name, format: "json", url: LOOPBACK(`notify-${name}-123456`), events, enabled } } });
    const failed = await make("failed", ["deployment.failed", "deployment.succeeded"]);
    const all = await make("all", ["*"]);
    await make("disabled", ["*"], false);
    await make("locks", ["target.locked"]);
    const other = await world();
    await createChannel({ ctx: other.admin, input: { projectId: other.projectId, data: { name: "x", format: "json", url: LOOPBACK("other-project-123"), events: ["*"] } } });

    const ids = await db.$transaction((tx) => notifyInTx(tx, projectId, "deployment.failed", data));
    expect(ids).toHaveLength(2);
    const deliveries = await db.notificationDelivery.findMany({ where: { id: { in: ids } } });
    expect(new Set(deliveries.map((d) => d.channelId))).toEqual(new Set([failed.id, all.id]));
    for (const d of deliveries) expect(d).toMatchObject({ projectId, event: "deployment.failed", status: "queued", attempts: 0, data });
    const outbox = await db.outboxJob.findMany({ where: { id: { in: ids } } });
    expect(outbox.map((o) => o.name)).toEqual(["notification.deliver", "notification.deliver"]);
    for (const o of outbox) expect(o.payload).toEqual({ deliveryId: o.id });
    expect(await db.notificationDelivery.count({ where: { projectId: other.projectId } })).toBe(0);

    expect(await db.$transaction((tx) => notifyInTx(tx, projectId, "deployment.approved", data))).toHaveLength(1);
  });

  it("leaves nothing behind when the caller's transaction rolls back", async () => {
    const { projectId, admin } = await world();
    await createChannel({ ctx: admin, input: { projectId, data: { name: "all", format: "json", url: LOOPBACK("rollback-123456"), events: ["*"] } } });
    await expect(
      db.$transaction(async (tx) => {
        await notifyInTx(tx, projectId, "target.locked", data);
        throw new Error("the calling verb failed");
      }),
    ).rejects.toThrow("the calling verb failed");
    expect(await db.notificationDelivery.count({ where: { projectId } })).toBe(0);
  });

  it("refuses malformed data from the calling verb", async () => {
    const { projectId } = await world();
    await expect(db.$transaction((tx) => notifyInTx(tx, projectId, "target.locked", { ...data, severity: "loud" as never }))).rejects.toThrow();
  });
});

describe("test notifications and the delivery list", () => {
  it("queue a test delivery, audited, listed newest first without the URL", async () => {
    const { projectId, admin } = await world();
    const c = await createChannel({ ctx: admin, input: { projectId, data: { name: "Ops", format: "slack", url: LOOPBACK("test-secret-987654"), events: ["target.locked"], enabled: false } } });
    const first = await sendTestNotification({ ctx: admin, input: { projectId, channelId: c.id } });
    const second = await sendTestNotification({ ctx: admin, input: { projectId, channelId: c.id } });
    expect(second).toMatchObject({ channelId: c.id, event: "test", title: "Test notification from T-Minus", status: "queued", attempts: 0, sentAt: null });
    const listed = await listDeliveries({ ctx: admin, input: { projectId, channelId: c.id } });
    expect(listed.map((d) => d.id)).toEqual([second.id, first.id]);
    expect(JSON.stringify(listed)).not.toContain("test-secret-987654");
    expect(await db.auditLog.count({ where: { projectId, action: "notification.channel.test", objectId: c.id } })).toBe(2);
  });
});
