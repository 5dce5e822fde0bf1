import { afterAll, describe, expect, it, vi } from "vitest";
import { certificateAuthority } from "@/tests/monitoring/tls-fixture";
import { smtpReceiver } from "./smtp-receiver";

// A real SMTP server (smtp-server) on loopback speaks for the mail provider. lib/ reads SMTP_URL on first use, hence
// the dynamic imports below, after the variables point at it. The password has a space to prove URL decoding.
const USER = "tminus-mailer";
const PASS = "s3cret pass-phrase";
const mta = await smtpReceiver({ user: USER, pass: PASS });
process.env.SMTP_URL = `smtp://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${mta.port}`;
process.env.SMTP_FROM = "T-Minus <tminus@example.test>";
const WHERE = `127.0.0.1:${mta.port}`;

const { db } = await import("@/lib/db");
const { networkPolicy } = await import("@/lib/settings/instance");
const { createChannel, listChannels, sendTestNotification, updateChannel } = await import("@/lib/notifications/channels");
const { NotificationRetryError } = await import("@/lib/notifications/deliver");
const { notifyInTx } = await import("@/lib/notifications/notify");
const { sendEmail } = await import("@/lib/notifications/smtp");
const { renderEmail } = await import("@/lib/notifications/email-format");
const { startWorker } = await import("@/workers/runtime");
const { projectWithRoles, userCtx } = await import("@/tests/helpers/fixtures");
const { waitFor } = await import("@/tests/helpers/wait");
const { loopbackDeliveries } = await import("./helpers");
type NotificationData = import("@/lib/notifications/schemas").NotificationData;

// The mail server lives on loopback: allowed before each test (one test below refuses it again).
const { deliver, row, allowLoopback, discardEarlierJobs } = loopbackDeliveries();
afterAll(() => mta.close());

const data: NotificationData = {
  title: "production is down <since 03:01>",
  text: "3 checks in a row failed: HTTP 503 from /health",
  url: "http://localhost:3000/projects/shop/incidents/i1",
  severity: "danger",
  fields: [{ name: "Target", value: "production" }],
};

async function emailChannel(recipients: string | string[]) {
  const { project, users } = await projectWithRoles();
  const admin = userCtx(users.admin);
  const channel = await createChannel({ ctx: admin, input: { projectId: project.id, data: { name: "On call", format: "email", url: recipients, events: ["incident.opened"] } } });
  const notify = async () => (await db.$transaction((tx) => notifyInTx(tx, project.id, "incident.opened", data)))[0];
  return { project, admin, channel, notify };
}

describe("e-mail channels", () => {
  // nodemailer writes domains in lower case (and IDNs as punycode); the local part is kept.
  it("send one message to every recipient, logged in, with the subject, text, HTML, fields and link", async () => {
    const { project, admin, channel, notify } = await emailChannel("ops@example.test,\nDev@Example.test; ops@EXAMPLE.test");
    expect(channel).toMatchObject({ format: "email", urlOrigin: "2 recipients at example.test" });
    const id = await notify();
    expect(await deliver(id)).toMatchObject({ status: "succeeded", httpStatus: null, error: null, attempts: 1, sentAt: expect.any(String) });

    const mail = mta.received.at(-1)!;
    expect(mail).toMatchObject({ from: "tminus@example.test", to: ["ops@example.test", "Dev@example.test"], user: USER, secure: false });
    expect(mail.subject).toBe(`[${project.name}] production is down <since 03:01>`);
    expect(mail.headers.from).toBe('"T-Minus" <tminus@example.test>');
    expect(mail.headers["message-id"]).toBe(`<${id}@example.test>`);
    expect(mail.headers["auto-submitted"]).toBe("auto-generated");
    expect(mail.text).toBe(
      `production is down <since 03:01>\n\n${data.text}\n\nTarget: production\n\nOpen in T-Minus: ${data.url}\n\n-- \nSent by T-Minus for the project ${project.name} (incident.opened).`,
    );
    expect(mail.html).toContain("<h1 style=\"margin:0 0 12px;font-size:18px\">production is down &lt;since 03:01&gt;</h1>");
    expect(mail.html).toContain(`<a href="${data.url}"`);
    expect(mail.html).toContain(">Target</th><td style=\"padding:2px 0;white-space:pre-wrap\">production</td>");

    // The addresses stay inside the envelope: not listed, not audited.
    expect(JSON.stringify(await listChannels({ ctx: admin, input: { projectId: project.id } }))).not.toMatch(/ops@|dev@/i);
    const audit = await db.auditLog.findMany({ where: { projectId: project.id, objectId: channel.id } });
    const audited = JSON.stringify(audit.map((a) => [a.before, a.after]));
    expect(audited).not.toMatch(/ops@|dev@/i);
    expect(audited).toContain("2 recipients at example.test");
  });

  it("end a delivery the mail server refuses with 550, in a sentence without the address", async () => {
    mta.refuse("gone@example.test", 550, "5.1.1 <gone@example.test>: Recipient address rejected: User unknown");
    const { notify } = await emailChannel(["gone@example.test"]);
    const id = await notify();
    const before = mta.received.length;
    const result = await deliver(id);
    expect(result).toMatchObject({ status: "failed", httpStatus: null, attempts: 1, sentAt: null });
    expect(result!.error).toBe(
      `The mail server at ${WHERE} refused the recipients (550 5.1.1 <[recipient]>: Recipient address rejected: User unknown); check the channel's addresses.`,
    );
    expect(mta.received).toHaveLength(before);
    // Final: a re-run job does not send again.
    expect(await deliver(id)).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("send to the others when one recipient is refused, and say so", async () => {
    mta.refuse("left@example.test", 550, "5.1.1 <left@example.test>: User unknown");
    const { notify } = await emailChannel(["left@example.test", "stays@example.test"]);
    const result = await deliver(await notify());
    expect(result).toMatchObject({ status: "succeeded" });
    expect(result!.error).toBe("Sent, but the mail server refused 1 of 2 recipients (550 5.1.1 <[recipient]>: User unknown); check the channel's addresses.");
    expect(mta.received.at(-1)!.to).toEqual(["stays@example.test"]);
  });

  it("retry a message the mail server defers with 451, and send it on the next attempt", async () => {
    const { notify } = await emailChannel(["ops@example.test"]);
    const id = await notify();
    mta.deferNextMessage();
    const retry = await deliver(id).catch((e) => e);
    expect(retry).toBeInstanceOf(NotificationRetryError);
    expect(await row(id)).toMatchObject({
      status: "queued",
      attempts: 1,
      error: `The mail server at ${WHERE} asked to try the message again later (451 4.3.0 Try again later). Trying again in 2 s (attempt 1 of 5).`,
    });
    const before = mta.received.length;
    expect(await deliver(id)).toMatchObject({ status: "succeeded", attempts: 2, error: null });
    expect(mta.received).toHaveLength(before + 1);
  });

  it("end the delivery with the policy's sentence when the instance refuses the mail server's address", async () => {
    const { notify } = await emailChannel(["ops@example.test"]);
    const id = await notify();
    await allowLoopback(false);
    const connections = mta.connections();
    expect(await deliver(id)).toMatchObject({
      status: "failed",
      httpStatus: null,
      error: "This instance does not let workers reach loopback addresses (127.0.0.1). An instance admin can allow them under Admin → Network.",
    });
    expect(mta.connections()).toBe(connections);
  });

  it("check recipients when created or changed, and need them when a webhook channel becomes e-mail", async () => {
    const { project, admin, channel } = await emailChannel("ops@example.test");
    const refused = await createChannel({ ctx: admin, input: { projectId: project.id, data: { name: "x", format: "email", url: "ops@example.test, not-an-address", events: ["*"] } } }).catch((e) => e);
    expect(refused.issues).toEqual([{ path: "url", rule: "email", message: '"not-an-address" is not an e-mail address' }]);

    const moved = await updateChannel({ ctx: admin, input: { projectId: project.id, channelId: channel.id, patch: { url: ["a@one.test", "b@two.test"] } } });
    expect(moved.urlOrigin).toBe("2 recipients at one.test, two.test");
    const slack = await createChannel({ ctx: admin, input: { projectId: project.id, data: { name: "Slack", format: "slack", url: "https://hooks.slack.test/services/T0/B0/abcdefghijklmnop", events: ["*"] } } });
    const noTarget = await updateChannel({ ctx: admin, input: { projectId: project.id, channelId: slack.id, patch: { format: "email" } } }).catch((e) => e);
    expect(noTarget.issues).toEqual([{ path: "url", rule: "required", message: "give the recipients' addresses when a channel becomes an e-mail channel" }]);
    const webhookAsEmail = await updateChannel({ ctx: admin, input: { projectId: project.id, channelId: slack.id, patch: { format: "email", url: "https://hooks.slack.test/x" } } }).catch((e) => e);
    expect(webhookAsEmail.issues.map((i: { path: string }) => i.path)).toEqual(["url"]);
    const switched = await updateChannel({ ctx: admin, input: { projectId: project.id, channelId: slack.id, patch: { format: "email", url: "ops@example.test" } } });
    expect(switched).toMatchObject({ format: "email", urlOrigin: "1 recipient at example.test" });
  });

  it("are refused, naming the field, on an instance without SMTP_URL", async () => {
    const { project, users } = await projectWithRoles();
    const saved = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    vi.resetModules();
    try {
      // A fresh lib/env reads the environment again; the database client is shared through globalThis.
      const fresh = await import("@/lib/notifications/channels");
      const input = { projectId: project.id, data: { name: "Mail", format: "email", url: "ops@example.test", events: ["*"] } };
      const error = await fresh.createChannel({ ctx: userCtx(users.admin), input }).catch((e) => e);
      expect(error).toMatchObject({ status: 400, code: "invalid_input" });
      expect(error.issues).toEqual([
        { path: "format", rule: "smtp_not_configured", message: "e-mail channels need a mail server: an instance admin must set SMTP_URL (and SMTP_FROM) on the server first" },
      ]);
      expect(await db.notificationChannel.count({ where: { projectId: project.id } })).toBe(0);
    } finally {
      process.env.SMTP_URL = saved;
      vi.resetModules();
    }
  });

  it("are sent by the worker through the notification.deliver job", async () => {
    await discardEarlierJobs();
    const running = await startWorker({ concurrency: 1 });
    try {
      const { project, admin, channel } = await emailChannel(["ops@example.test"]);
      const queued = await sendTestNotification({ ctx: admin, input: { projectId: project.id, channelId: channel.id } });
      const done = await waitFor(() => row(queued.id), (r) => r.status === "succeeded" || r.status === "failed", 150);
      expect(done).toMatchObject({ status: "succeeded", attempts: 1, error: null });
      expect(mta.received.at(-1)!.subject).toBe(`[${project.name}] Test notification from T-Minus`);
    } finally {
      await running.close();
    }
  });
});

describe("TLS to the mail server", () => {
  const ca = certificateAuthority();
  const credentials = ca.issue(["DNS:mail.test"], { days: 2 });
  // mail.test resolves to the loopback server: the socket goes to the checked address, the certificate is checked
  // against the host name.
  const lookup = async () => [{ address: "127.0.0.1", family: 4 }];
  const body = renderEmail({ title: "TLS check", text: "", severity: "info" }, { event: "test", project: { id: "p", name: "Shop", slug: "shop" }, sentAt: new Date() });
  const send = async (server: { port: number }, secure: boolean, extraCa?: string[]) =>
    sendEmail({
      to: ["ops@example.test"],
      body,
      deliveryId: `tls-${secure}-${Boolean(extraCa)}`,
      event: "test",
      policy: await networkPolicy(),
      server: { host: "mail.test", port: server.port, secure, user: USER, pass: PASS },
      from: "tminus@example.test",
      lookup,
      extraCa,
    });
  afterAll(() => ca.remove());

  it("upgrades smtp:// with STARTTLS when offered, checking the certificate for the host name", async () => {
    const starttls = await smtpReceiver({ user: USER, pass: PASS, tls: credentials });
    try {
      expect(await send(starttls, false, [ca.caCert])).toEqual({ ok: true, note: null });
      expect(starttls.received[0]).toMatchObject({ secure: true, user: USER, subject: "[Shop] TLS check" });
      const untrusted = await send(starttls, false);
      expect(untrusted).toMatchObject({ ok: false, retry: true });
      expect(!untrusted.ok && untrusted.error).toMatch(/^The TLS connection to the mail server at mail\.test:\d+ failed \(.*certificate.*\); is its certificate valid for mail\.test and trusted\?$/);
      expect(starttls.received).toHaveLength(1);
    } finally {
      await starttls.close();
    }
  });

  it("speaks TLS from the first byte on smtps://", async () => {
    const smtps = await smtpReceiver({ user: USER, pass: PASS, tls: credentials, secure: true });
    try {
      expect(await send(smtps, true, [ca.caCert])).toEqual({ ok: true, note: null });
      expect(smtps.received[0]).toMatchObject({ secure: true, user: USER });
    } finally {
      await smtps.close();
    }
  });
});
