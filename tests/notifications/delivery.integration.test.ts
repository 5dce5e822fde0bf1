import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createHmac } from "node:crypto";
import { createChannel, listChannels, sendTestNotification, updateChannel } from "@/lib/notifications/channels";
import { NotificationRetryError } from "@/lib/notifications/deliver";
import { notifyInTx } from "@/lib/notifications/notify";
import type { NotificationData } from "@/lib/notifications/schemas";
import { startWorker } from "@/workers/runtime";
import { projectWithRoles, userCtx } from "@/tests/helpers/fixtures";
import { waitFor } from "@/tests/helpers/wait";
import { localServer } from "@/tests/net/local-server";
import { loopbackDeliveries } from "./helpers";
import { discordReceiver, slackReceiver } from "./receivers";

// Every receiver is a real HTTP server on 127.0.0.1 speaking the platform's webhook contract; nothing is mocked.
// The receivers live on loopback: allowed before each test (one test below refuses it again).
const { deliver, row, allowLoopback, discardEarlierJobs } = loopbackDeliveries();

const data: NotificationData = {
  title: "Deploy of v1.2.3 to production failed",
  text: "Health check answered HTTP 500",
  url: "http://localhost:3000/projects/shop/deployments/d1",
  severity: "danger",
  fields: [{ name: "Target", value: "production" }],
};

async function channelAt(url: string, format: "slack" | "discord" | "json") {
  const { project, users } = await projectWithRoles();
  const admin = userCtx(users.admin);
  const channel = await createChannel({ ctx: admin, input: { projectId: project.id, data: { name: format, format, url, events: ["deployment.failed"] } } });
  const notify = async () => (await db.$transaction((tx) => notifyInTx(tx, project.id, "deployment.failed", data)))[0];
  return { project, admin, channel, notify };
}

describe("deliverNotification", () => {
  it("posts Slack's incoming-webhook body, records the success and never sends the same delivery twice", async () => {
    const slack = await slackReceiver("abcdefghijklmnopqrstuvwx");
    try {
      const { project, notify } = await channelAt(slack.hookUrl, "slack");
      const id = await notify();
      expect(await deliver(id)).toMatchObject({ status: "succeeded", httpStatus: 200, attempts: 1, error: null, sentAt: expect.any(String) });
      expect(slack.received).toHaveLength(1);
      const [sent] = slack.received;
      expect(sent.method).toBe("POST");
      expect(sent.headers["user-agent"]).toBe("T-Minus/1 notifications");
      expect(sent.headers["content-type"]).toBe("application/json");
      expect(sent.body.text).toBe("Deploy of v1.2.3 to production failed — Health check answered HTTP 500");
      expect(sent.body.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "🚨 Deploy of v1.2.3 to production failed", emoji: true } });
      expect(sent.body.blocks.at(-1).elements[0].text).toBe(`*${project.name}* · deployment.failed · <${data.url}|Open in T-Minus>`);
      expect(JSON.stringify(sent.body)).not.toContain("abcdefghijklmnopqrstuvwx");

      // A re-run job (a retry, a second relay) finds the row sent and does nothing.
      expect(await deliver(id)).toMatchObject({ status: "succeeded", attempts: 1 });
      expect(slack.received).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });

  it("posts Discord's execute-webhook body and takes its 204; after a 429 it waits as long as Discord asked", async () => {
    const discord = await discordReceiver("123456789012345678", "Zx9-token_part_abcdefghijklmnop");
    try {
      const { notify } = await channelAt(discord.hookUrl, "discord");
      const first = await notify();
      expect(await deliver(first)).toMatchObject({ status: "succeeded", httpStatus: 204, attempts: 1 });
      const embed = discord.received[0].body.embeds[0];
      expect(embed).toMatchObject({ title: data.title, description: data.text, url: data.url, color: 0xef4444, fields: [{ name: "Target", value: "production", inline: true }] });
      expect(discord.received[0].body.allowed_mentions).toEqual({ parse: [] });

      discord.rateLimitOnce(30.5);
      const second = await notify();
      const retry = await deliver(second).catch((e) => e);
      expect(retry).toBeInstanceOf(NotificationRetryError);
      expect(retry.retryDelayMs).toBe(31_000);
      expect(await row(second)).toMatchObject({
        status: "queued",
        httpStatus: 429,
        attempts: 1,
        error: "Discord is rate limiting this webhook (HTTP 429: You are being rate limited.). Trying again in 31 s (attempt 1 of 5).",
      });
      expect(await deliver(second)).toMatchObject({ status: "succeeded", httpStatus: 204, attempts: 2, error: null });
      expect(discord.received).toHaveLength(3);
    } finally {
      await discord.close();
    }
  });

  it("records a refused webhook at once, with the status and an error that names only the origin", async () => {
    const slack = await slackReceiver("the-real-secret-0123456789");
    try {
      const wrong = slack.hookUrl.replace("the-real-secret-0123456789", "a-stale-secret-9876543210");
      const { notify } = await channelAt(wrong, "slack");
      const id = await notify();
      const result = await deliver(id);
      expect(result).toMatchObject({ status: "failed", httpStatus: 404, attempts: 1, sentAt: null });
      expect(result!.error).toBe("Slack no longer knows this webhook (HTTP 404: no_service); create a new webhook and update the channel's URL.");
      expect(await deliver(id)).toMatchObject({ status: "failed", attempts: 1 });
      expect(slack.received).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });

  it("signs JSON deliveries with the channel's secret, shown once at creation, so a receiver can verify them", async () => {
    const got: { headers: Record<string, string | string[] | undefined>; raw: string }[] = [];
    const server = await localServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        got.push({ headers: req.headers, raw });
        res.writeHead(204).end();
      });
    });
    try {
      const { channel, notify, admin, project } = await channelAt(`${server.url}/t-minus`, "json");
      expect(channel.signingSecret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
      // Never shown again.
      const listed = await listChannels({ ctx: admin, input: { projectId: project.id } });
      expect(JSON.stringify(listed)).not.toContain(channel.signingSecret!);
      const id = await notify();
      expect(await deliver(id)).toMatchObject({ status: "succeeded", httpStatus: 204 });
      const [sent] = got;
      expect(sent.headers["x-tminus-event"]).toBe("deployment.failed");
      expect(sent.headers["x-tminus-delivery"]).toBe(id);
      // What a receiver does: recompute the HMAC over "<t>.<raw body>" and compare.
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(sent.headers["x-tminus-signature"]))!;
      expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
      expect(v1).toBe(createHmac("sha256", channel.signingSecret!).update(`${t}.${sent.raw}`).digest("hex"));
      expect(v1).not.toBe(createHmac("sha256", "whsec_wrong").update(`${t}.${sent.raw}`).digest("hex"));
      // A new URL keeps the secret.
      await updateChannel({ ctx: admin, input: { projectId: project.id, channelId: channel.id, patch: { url: `${server.url}/moved` } } });
      expect(await deliver(await notify())).toMatchObject({ status: "succeeded" });
      const [, t2, v2] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(got[1].headers["x-tminus-signature"]))!;
      expect(v2).toBe(createHmac("sha256", channel.signingSecret!).update(`${t2}.${got[1].raw}`).digest("hex"));
    } finally {
      await server.close();
    }
  });

  it("retries a failing receiver, redacting the URL it echoes, and gives up after the last attempt", async () => {
    const secret = "sk-live-0123456789abcdef";
    const server = await localServer((req, res) => {
      res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ message: `upstream down while handling http://${req.headers.host}${req.url}` }));
    });
    try {
      const { notify } = await channelAt(`${server.url}/hooks/${secret}?token=${secret}`, "json");
      const id = await notify();
      const retry = await deliver(id).catch((e) => e);
      expect(retry).toBeInstanceOf(NotificationRetryError);
      const after = await row(id);
      expect(after).toMatchObject({ status: "queued", httpStatus: 502, attempts: 1 });
      expect(after.error).toBe(`The webhook receiver failed to take the notification (HTTP 502: upstream down while handling ${server.url}). Trying again in 2 s (attempt 1 of 5).`);
      expect(server.seen[0].path).toBe(`/hooks/${secret}?token=${secret}`);

      await db.notificationDelivery.update({ where: { id }, data: { attempts: 4 } });
      const last = await deliver(id);
      expect(last).toMatchObject({ status: "failed", httpStatus: 502, attempts: 5 });
      expect(last!.error).toMatch(/HTTP 502: .*\. Gave up after 5 attempts\.$/);
      expect(last!.error).not.toContain(secret);
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("retries when nothing answers, with the network sentence", async () => {
    const { notify } = await channelAt("http://127.0.0.1:9/hooks/nobody-home-123456", "json");
    const id = await notify();
    await expect(deliver(id)).rejects.toBeInstanceOf(NotificationRetryError);
    expect((await row(id)).error).toBe("Nothing answers at 127.0.0.1:9 — is the server running? (ECONNREFUSED) Trying again in 2 s (attempt 1 of 5).");
  });

  it("fails without retrying when the instance refuses the address, and never touches the receiver", async () => {
    const slack = await slackReceiver("policy-secret-1234567890");
    try {
      const { notify } = await channelAt(slack.hookUrl, "slack");
      const id = await notify();
      await allowLoopback(false);
      expect(await deliver(id)).toMatchObject({
        status: "failed",
        httpStatus: null,
        error: "This instance does not let workers reach loopback addresses (127.0.0.1). An instance admin can allow them under Admin → Network.",
      });
      expect(slack.received).toEqual([]);
    } finally {
      await slack.close();
    }
  });

  it("does not send an event queued before its channel was disabled", async () => {
    const slack = await slackReceiver("disabled-secret-123456789");
    try {
      const { project, admin, channel, notify } = await channelAt(slack.hookUrl, "slack");
      const id = await notify();
      await updateChannel({ ctx: admin, input: { projectId: project.id, channelId: channel.id, patch: { enabled: false } } });
      expect(await deliver(id)).toMatchObject({ status: "failed", error: "The channel was disabled before this notification was sent." });
      expect(slack.received).toEqual([]);
    } finally {
      await slack.close();
    }
  });
});

describe("the notification.deliver job", () => {
  it("is relayed, retried after Discord's 429 by the worker's retry-after backoff, and sent", async () => {
    await discardEarlierJobs();
    const discord = await discordReceiver("998877665544332211", "worker-token-abcdefghijklmnop");
    const running = await startWorker({ concurrency: 1 });
    try {
      const { project, admin, channel } = await channelAt(discord.hookUrl, "discord");
      discord.rateLimitOnce(0.2);
      const queued = await sendTestNotification({ ctx: admin, input: { projectId: project.id, channelId: channel.id } });
      const done = await waitFor(() => row(queued.id), (r) => r.status === "succeeded" || r.status === "failed", 150);
      expect(done).toMatchObject({ status: "succeeded", httpStatus: 204, attempts: 2, error: null });
      expect(discord.received.map((r) => r.body.embeds[0].title)).toEqual(["Test notification from T-Minus", "Test notification from T-Minus"]);
    } finally {
      await running.close();
      await discord.close();
    }
  });
});
