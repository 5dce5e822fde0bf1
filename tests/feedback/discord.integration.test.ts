import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { HOSTED_POLICY, LOCAL_POLICY } from "@/lib/net/policy";
import { ensureFeedbackSettings, submit } from "@/lib/feedback/intake";
import { announceReceived } from "@/lib/feedback/jobs";
import { discordCommandDefinition, registerDiscordCommand } from "@/lib/feedback/discord";
import { FEEDBACK_WEBHOOK_ROUTES } from "@/lib/feedback/webhook-routes";
import { createChannel } from "@/lib/notifications/channels";
import { discardJobsSince, invoke } from "@/tests/helpers/api-world";
import { projectWithRoles, uid, userCtx } from "@/tests/helpers/fixtures";
import { fakeDiscord, messageErrors, type FakeDiscord } from "@/tests/helpers/fake-discord";
import { loopbackDeliveries } from "@/tests/notifications/helpers";

// Interactions are signed with real Ed25519 key pairs made here, the way Discord signs them (timestamp + body);
// Discord's HTTP API is a local server speaking its documented contract (tests/helpers/fake-discord.ts).

const route = FEEDBACK_WEBHOOK_ROUTES.find((r) => r.id === "feedback.hooks.discord")!;
const { deliver } = loopbackDeliveries();

let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(() => discardJobsSince(startedAt));

let servers: FakeDiscord[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
const startDiscord = async (opts: Parameters<typeof fakeDiscord>[0]) => {
  const server = await fakeDiscord(opts);
  servers.push(server);
  return server;
};

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { publicHex: publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("hex"), privateKey };
}

async function discordProject() {
  const project = await db.project.create({ data: { name: `Discord ${uid()}`, slug: `dc-${uid()}` } });
  const app = keyPair();
  await ensureFeedbackSettings(project.id);
  await db.feedbackSettings.update({ where: { projectId: project.id }, data: { discordPublicKey: app.publicHex, discordApplicationId: "1234567890123456" } });
  return { project, app };
}

type SendOptions = { timestamp?: string; key?: KeyObject; signedBody?: string; signedTimestamp?: string; signature?: string | null; ref?: string };

/** POST as Discord does: X-Signature-Ed25519 over timestamp + body, X-Signature-Timestamp in unix seconds. */
function sendAs(hooked: { project: { slug: string }; app: { privateKey: KeyObject } }) {
  return (interaction: Record<string, unknown> | string, opts: SendOptions = {}) => {
    const body = typeof interaction === "string" ? interaction : JSON.stringify(interaction);
    const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
    const signed = Buffer.from((opts.signedTimestamp ?? timestamp) + (opts.signedBody ?? body), "utf8");
    const signature = opts.signature === undefined ? sign(null, signed, opts.key ?? hooked.app.privateKey).toString("hex") : opts.signature;
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Discord-Interactions/1.0 (+https://discord.com)", "x-signature-timestamp": timestamp };
    if (signature !== null) headers["x-signature-ed25519"] = signature;
    return invoke(route, { params: { project: opts.ref ?? hooked.project.slug }, rawBody: body, headers });
  };
}

let snow = BigInt(1_200_000_000_000_000_000) + BigInt(Math.floor(Math.random() * 1e9)) * 1000n;
const snowflake = () => String(snow++);

/** A /feedback interaction as Discord sends it from a server (member.user) or a DM (user). */
function feedbackCommand(options: Array<{ name: string; value: unknown }>, over: Record<string, unknown> = {}) {
  return {
    id: snowflake(),
    application_id: "1234567890123456",
    type: 2,
    token: "aW50ZXJhY3Rpb24tdG9rZW4tZm9yLXRlc3Rz",
    version: 1,
    guild_id: "1100000000000000001",
    channel_id: "1100000000000000002",
    member: { user: { id: "1100000000000000003", username: "ada_l", global_name: "Ada", discriminator: "0" }, roles: [], permissions: "0" },
    data: { id: "1100000000000000004", name: "feedback", type: 1, options: options.map((o) => ({ type: 3, ...o })) },
    ...over,
  };
}
const PING = { id: "1100000000000000009", application_id: "1234567890123456", type: 1, token: "dG9rZW4", version: 1 };

const items = (projectId: string) => db.feedbackItem.findMany({ where: { projectId }, orderBy: { number: "asc" }, include: { reporters: true } });

describe("Discord interactions", () => {
  it("answers a signed PING with a PONG", async () => {
    const hooked = await discordProject();
    const res = await sendAs(hooked)(PING);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ type: 1 });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("stores /feedback as an item and answers with a message only the member sees", async () => {
    const hooked = await discordProject();
    const command = feedbackCommand([
      { name: "type", value: "bug" },
      { name: "title", value: "Checkout button does nothing @everyone" },
      { name: "details", value: "On Safari 18, clicking Pay does nothing." },
    ]);
    const res = await sendAs(hooked)(command);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({
      type: 4,
      data: { content: "Thanks — filed as FB-1: Checkout button does nothing @everyone. The team sees it now.", flags: 64, allowed_mentions: { parse: [] } },
    });
    const [item] = await items(hooked.project.id);
    expect(item).toMatchObject({
      number: 1,
      source: "discord",
      type: "bug",
      status: "new",
      title: "Checkout button does nothing @everyone",
      body: "On Safari 18, clicking Pay does nothing.",
      reporterName: "ada_l",
      reporterEmail: null,
      idempotencyKey: `discord:${command.id}`,
    });
    expect(item.reporters).toMatchObject([{ name: "ada_l", source: "discord" }]);
    const job = await db.outboxJob.findFirst({ where: { name: "feedback.received", createdAt: { gte: startedAt }, payload: { path: ["itemIds"], array_contains: [item.id] } } });
    expect(job).not.toBeNull();
  });

  it("stores an interaction sent twice once, and takes the reporter from a DM's user", async () => {
    const hooked = await discordProject();
    const send = sendAs(hooked);
    const command = feedbackCommand([{ name: "type", value: "idea" }, { name: "title", value: "Dark mode please" }], { member: undefined, user: { id: "1", username: "grace_h" } });
    expect((await send(command)).json.data.content).toMatch(/^Thanks — filed as FB-1/);
    const again = await send(command);
    expect(again.status).toBe(200);
    expect(again.json.data).toMatchObject({ content: "Already filed as FB-1; nothing more to do.", flags: 64 });
    const list = await items(hooked.project.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ type: "idea", body: "", reporterName: "grace_h" });
  });

  it("refuses a wrong key, a tampered body or timestamp, a stale timestamp and missing headers (401), storing nothing", async () => {
    const hooked = await discordProject();
    const send = sendAs(hooked);
    const command = () => feedbackCommand([{ name: "type", value: "bug" }, { name: "title", value: "Refused every time" }]);
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, Record<string, unknown>, SendOptions]> = [
      ["signed by another application's key", command(), { key: keyPair().privateKey }],
      ["body changed after signing", command(), { signedBody: JSON.stringify(command()) }],
      ["timestamp changed after signing", command(), { timestamp: String(now), signedTimestamp: String(now - 1) }],
      ["signed 10 minutes ago (a replay)", command(), { timestamp: String(now - 600) }],
      ["signed for 10 minutes from now", command(), { timestamp: String(now + 600) }],
      ["no signature", command(), { signature: null }],
      ["a signature of the wrong length", command(), { signature: "ab".repeat(32) }],
      ["a PING signed by another key", PING, { key: keyPair().privateKey }],
    ];
    for (const [name, interaction, opts] of cases) {
      const res = await send(interaction, opts);
      expect(res.status, name).toBe(401);
      expect(res.json.error.code, name).toBe("invalid_signature");
    }
    expect(await items(hooked.project.id)).toEqual([]);
  });

  it("answers options that do not pass with an ephemeral message naming the option, storing nothing", async () => {
    const hooked = await discordProject();
    const send = sendAs(hooked);
    const cases: Array<[Array<{ name: string; value: unknown }>, RegExp]> = [
      [[{ name: "type", value: "bug" }, { name: "title", value: "ok" }], /title: must be at least 3 characters/],
      [[{ name: "type", value: "rant" }, { name: "title", value: "A fine title" }], /type: must be one of bug, idea, question, praise/],
      [[{ name: "type", value: "bug" }], /title: /],
      [[{ name: "type", value: "bug" }, { name: "title", value: "T".repeat(201) }], /title: must be at most 200 characters/],
    ];
    for (const [options, message] of cases) {
      const res = await send(feedbackCommand(options));
      expect(res.status).toBe(200);
      expect(res.json.type).toBe(4);
      expect(res.json.data.flags).toBe(64);
      expect(res.json.data.content).toMatch(/^Not filed — /);
      expect(res.json.data.content).toMatch(message);
    }
    const unknown = await send(feedbackCommand([{ name: "type", value: "bug" }], { data: { name: "deploy", type: 1 } }));
    expect(unknown.json.data).toMatchObject({ content: "Unknown command /deploy: this app only knows /feedback.", flags: 64 });
    expect(await items(hooked.project.id)).toEqual([]);
  });

  it("answers 404 for an unknown project and one without a Discord key, and 400 naming a field for a signed body that is no interaction", async () => {
    const hooked = await discordProject();
    const bare = await db.project.create({ data: { name: `Bare ${uid()}`, slug: `bare-${uid()}` } });
    const send = sendAs(hooked);
    for (const ref of [`nope-${uid()}`, bare.slug]) {
      const res = await send(PING, { ref });
      expect(res.status).toBe(404);
      expect(res.json.error.message).toBe("No Discord interactions endpoint is set up at this address");
    }
    const noId = await send({ type: 1 });
    expect(noId.status).toBe(400);
    expect(noId.json.error.issues[0]).toMatchObject({ path: "id" });
    const broken = await send("{ not json");
    expect(broken.status).toBe(400);
    expect(broken.json.error.issues).toEqual([{ path: "body", rule: "invalid_json", message: "is not valid JSON" }]);
  });
});

describe("registerDiscordCommand", () => {
  const app = { id: "1234567890123456789", botToken: "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.bot-token-for-the-fake-discord_0123" };

  it("PUTs the command list with the bot token and returns what Discord stored", async () => {
    const discord = await startDiscord({ applications: [app] });
    const result = await registerDiscordCommand({ applicationId: app.id, botToken: app.botToken, apiBase: discord.apiBase, policy: LOCAL_POLICY });
    expect(result).toEqual({ commands: [{ id: expect.stringMatching(/^\d+$/), name: "feedback" }] });
    expect(discord.received).toHaveLength(1);
    const [put] = discord.received;
    expect(put).toMatchObject({ method: "PUT", path: `/api/v10/applications/${app.id}/commands` });
    expect(put.headers.authorization).toBe(`Bot ${app.botToken}`);
    expect(put.headers["content-type"]).toBe("application/json");
    expect(put.headers["user-agent"]).toMatch(/^DiscordBot \(.+, 1\)$/);
    expect(put.body).toEqual([discordCommandDefinition]);
    expect(discord.commands(app.id)).toMatchObject([{ name: "feedback", application_id: app.id }]);
  });

  it("waits out a short 429 and tries again; a long one is an error saying when to try again", async () => {
    const discord = await startDiscord({ applications: [app] });
    discord.rateLimit(0);
    const result = await registerDiscordCommand({ applicationId: app.id, botToken: app.botToken, apiBase: discord.apiBase, policy: LOCAL_POLICY });
    expect(result.commands.map((c) => c.name)).toEqual(["feedback"]);
    expect(discord.received.map((r) => r.method)).toEqual(["PUT", "PUT"]);

    discord.rateLimit(42.5);
    const error = await registerDiscordCommand({ applicationId: app.id, botToken: app.botToken, apiBase: discord.apiBase, policy: LOCAL_POLICY }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited" });
    expect(error.message).toBe("Discord is rate limiting command registration (You are being rate limited.); try again in 43 s");
    expect(discord.received).toHaveLength(3);
  });

  it("says what to fix when Discord refuses the token, the application or the address, never repeating the token", async () => {
    const discord = await startDiscord({ applications: [app, { id: "2234567890123456789", botToken: "another-application-bot-token-0123456789" }] });
    const wrongToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.wrong.token-that-discord-refuses_42";
    const unauthorized = await registerDiscordCommand({ applicationId: app.id, botToken: wrongToken, apiBase: discord.apiBase, policy: LOCAL_POLICY }).catch((e) => e);
    expect(unauthorized).toMatchObject({ status: 422, code: "discord_refused" });
    expect(unauthorized.message).toBe(
      "Discord refused the bot token (HTTP 401, code 0: 401: Unauthorized): copy a new one from the Developer Portal (Bot → Reset Token)",
    );
    expect(unauthorized.message).not.toContain(wrongToken);

    const otherApp = await registerDiscordCommand({ applicationId: "2234567890123456789", botToken: app.botToken, apiBase: discord.apiBase, policy: LOCAL_POLICY }).catch((e) => e);
    expect(otherApp).toMatchObject({ status: 422, code: "discord_refused" });
    expect(otherApp.message).toMatch(/HTTP 403, code 50001: Missing Access.*application 2234567890123456789/);

    const refused = await registerDiscordCommand({ applicationId: app.id, botToken: app.botToken, apiBase: discord.apiBase, policy: HOSTED_POLICY }).catch((e) => e);
    expect(refused).toMatchObject({ status: 502, code: "discord_unreachable" });
    expect(refused.message).toMatch(/loopback/);

    const invalid = await registerDiscordCommand({ applicationId: "not-an-id", botToken: "short", apiBase: discord.apiBase, policy: LOCAL_POLICY }).catch((e) => e);
    expect(invalid.status).toBe(400);
    expect(invalid.issues.map((i: { path: string }) => i.path)).toEqual(["applicationId", "botToken"]);
    // Only the two PUTs with well-formed input reached Discord.
    expect(discord.received).toHaveLength(2);
  });
});

describe("Discord notifications of feedback", () => {
  const hook = { id: "1187654321098765432", token: "Zx9-webhook_token_part_abcdefghijklmnopqrstuvwxyz012345" };

  it("a critical item reaches a Discord channel as a valid Execute Webhook body naming FB-n", async () => {
    const discord = await startDiscord({ webhooks: [hook] });
    const { project, users } = await projectWithRoles();
    await createChannel({
      ctx: userCtx(users.admin),
      input: { projectId: project.id, data: { name: "discord", format: "discord", url: discord.webhookUrl(hook.id, hook.token), events: ["feedback.critical"] } },
    });
    const stored = await submit({
      projectId: project.id,
      source: "api",
      type: "bug",
      title: "Payments fail for every card",
      body: "Stripe answers 402 since 10:02; nobody can pay.",
      severity: "critical",
    });
    expect(await announceReceived([stored.id])).toEqual({ notified: 1 });
    const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { projectId: project.id } });
    expect(delivery.event).toBe("feedback.critical");
    expect(await deliver(delivery.id)).toMatchObject({ status: "succeeded", httpStatus: 204, error: null });

    expect(discord.received).toHaveLength(1);
    const [sent] = discord.received;
    expect(sent).toMatchObject({ method: "POST", path: `/api/webhooks/${hook.id}/${hook.token}` });
    expect(messageErrors(sent.body)).toEqual({});
    expect(sent.body.content).toContain(stored.ref);
    expect(sent.body.embeds[0].title).toBe(`Critical bug ${stored.ref}: Payments fail for every card`);
    expect(sent.body.embeds[0].description).toBe("Stripe answers 402 since 10:02; nobody can pay.");
    expect(sent.body.embeds[0].url).toMatch(new RegExp(`/projects/${project.id}/feedback/${stored.id}$`));
    expect(sent.body.allowed_mentions).toEqual({ parse: [] });
  });

  it("records Discord's refusals: an unknown webhook ends the delivery, a body over the limits is refused by the fake", async () => {
    const discord = await startDiscord({ webhooks: [hook] });
    const { project, users } = await projectWithRoles();
    await createChannel({
      ctx: userCtx(users.admin),
      input: { projectId: project.id, data: { name: "gone", format: "discord", url: discord.webhookUrl(hook.id, "deleted-token"), events: ["feedback.received"] } },
    });
    const stored = await submit({ projectId: project.id, source: "form", type: "idea", title: "Export to CSV", body: "" });
    expect(await announceReceived([stored.id])).toEqual({ notified: 1 });
    const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { projectId: project.id } });
    const failed = await deliver(delivery.id);
    expect(failed).toMatchObject({ status: "failed", httpStatus: 404 });
    expect(failed!.error).toMatch(/Discord no longer knows this webhook \(HTTP 404: Unknown Webhook\)/);
    expect(failed!.error).not.toContain("deleted-token");

    // The fake holds Discord's limits: a title of 257 characters is refused the way Discord refuses it.
    const res = await fetch(discord.webhookUrl(hook.id, hook.token), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ embeds: [{ title: "x".repeat(257) }] }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 50035,
      message: "Invalid Form Body",
      errors: { embeds: { "0": { title: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 256 or fewer in length." }] } } } },
    });
  });
});
