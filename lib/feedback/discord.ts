import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { z } from "zod";
import { db } from "../db";
import type { Ctx } from "../auth/context";
import { env } from "../env";
import { AppError, ValidationError, issuesFromZod } from "../errors";
import { readRawBody } from "../api/request-guards";
import { guardedFetch, GuardedFetchError, type GuardedResponse } from "../net/guarded-fetch";
import type { NetworkPolicy } from "../net/policy";
import { retryAfterMs } from "../deployments/adapters/provider-http";
import { networkPolicy } from "../settings/instance";
import { fromSubmit, submit } from "./intake";
import { FEEDBACK_TYPES, FEEDBACK_TYPE_LABELS, LIMITS, ZFeedbackSubmit } from "./schemas";

/*
 * Discord → feedback: the /feedback slash command (POST /api/v1/hooks/discord/{project}, project = id or slug).
 *
 * Setting it up
 *   1. https://discord.com/developers/applications → New Application (one application per T-Minus project: see 4).
 *      General Information shows the Application ID and the Public Key (64 hexadecimal digits).
 *   2. In T-Minus: the project's feedback settings → Discord public key and application id.
 *   3. Back in the portal, General Information → Interactions Endpoint URL:
 *        https://<your T-Minus>/api/v1/hooks/discord/<project slug or id>
 *      Discord checks it on save with a signed PING (answered {type: 1}) and a badly signed one (answered 401).
 *   4. Register the command: Bot → Reset Token, and give the token to T-Minus once (registerDiscordCommand, below; it
 *      is used for that one request and not stored). It PUTs the command list of the application, which replaces the
 *      application's global commands: use an application made for this.
 *   5. Installation → install link with the scope applications.commands; add the app to the server. Members then type
 *      /feedback type:<Bug|Idea|Question|Praise> title:<one line> details:<optional text>.
 *
 * What an interaction does
 *   - Every request must carry X-Signature-Ed25519 (128 hex digits) and X-Signature-Timestamp (unix seconds): an
 *     Ed25519 signature of timestamp + exact body by the application's key. Missing, forged, or more than 5 minutes
 *     away from now (a replay) → 401 and nothing is read. A project without a public key answers 404.
 *   - /feedback stores an item (source discord, reporter = the member's username) with the idempotency key
 *     discord:<interaction id>, so an interaction sent twice is stored once, and answers at once with a message only
 *     the member sees (flags 64): "Thanks — filed as FB-12 …". Options that do not pass (a title of two characters)
 *     are answered the same way, naming the option. New items are announced to the project's channels like any other
 *     (feedback.received, or feedback.critical).
 *
 * Notifications to Discord need none of this: a channel's Integrations → Webhooks → New Webhook → Copy Webhook URL,
 * pasted into a T-Minus notification channel of format "discord" subscribed to feedback.received / feedback.critical.
 */

export const DISCORD_API_BASE = "https://discord.com/api/v10";
export const DISCORD_MAX_BODY_BYTES = 64 * 1024;
/** How far an interaction's timestamp may be from now before it is taken for a replay. */
export const DISCORD_MAX_SKEW_SECONDS = 5 * 60;
/** Ephemeral: only the member who used the command sees the answer. */
export const EPHEMERAL = 64;

// An Ed25519 public key in SPKI DER is this fixed prefix followed by the 32 raw key bytes (RFC 8410).
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** The application's public key (64 hex digits, as the Developer Portal shows it) as a key node:crypto verifies with. */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error("A Discord public key is 64 hexadecimal digits");
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, "hex")]), format: "der", type: "spki" });
}

export type InteractionCheck = { ok: true } | { ok: false; message: string };

/** Discord's request signature: Ed25519 over timestamp + body; and the timestamp no further than 5 minutes from now. */
export function verifyDiscordRequest(args: { key: KeyObject; signature: string | null; timestamp: string | null; body: Buffer; now?: number }): InteractionCheck {
  const { key, signature, timestamp, body } = args;
  if (!signature || !timestamp) return { ok: false, message: "X-Signature-Ed25519 and X-Signature-Timestamp are required: only Discord may call this endpoint" };
  if (!/^[0-9a-f]{128}$/i.test(signature)) return { ok: false, message: "X-Signature-Ed25519 must be 128 hexadecimal digits" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, message: "X-Signature-Timestamp must be a unix time in seconds" };
  const valid = verify(null, Buffer.concat([Buffer.from(timestamp, "utf8"), body]), key, Buffer.from(signature, "hex"));
  if (!valid) return { ok: false, message: "X-Signature-Ed25519 does not match: the request was not signed with this application's key" };
  const skew = Math.abs((args.now ?? Date.now()) / 1000 - Number(timestamp));
  if (skew > DISCORD_MAX_SKEW_SECONDS) return { ok: false, message: "X-Signature-Timestamp is more than 5 minutes from now: a replayed request is refused" };
  return { ok: true };
}

// The command ----------------------------------------------------------------------------------------------------

/** The /feedback command as Discord's "bulk overwrite global application commands" takes it (one of the list). */
export const discordCommandDefinition = {
  name: "feedback",
  type: 1, // CHAT_INPUT: a slash command
  description: "Tell the team about a bug, an idea, a question or praise",
  options: [
    {
      type: 3, // STRING
      name: "type",
      description: "What kind of feedback this is",
      required: true,
      choices: FEEDBACK_TYPES.map((t) => ({ name: FEEDBACK_TYPE_LABELS[t], value: t })),
    },
    { type: 3, name: "title", description: "In one line: what happened or what you would like", required: true, min_length: 3, max_length: LIMITS.title },
    // Discord caps a string option at 6000 characters, below the item's 10,000.
    { type: 3, name: "details", description: "Steps, what you expected, anything else that helps", required: false, max_length: 6000 },
  ],
} as const;

const ZSnowflake = z.string({ error: "must be text" }).regex(/^\d{1,25}$/, "must be a Discord id");
const ZDiscordUser = z.object({ id: ZSnowflake.optional(), username: z.string().max(100) }).loose();
const ZInteraction = z
  .object({
    id: ZSnowflake,
    type: z.number({ error: "must be a number" }).int(),
    application_id: ZSnowflake.optional(),
    data: z
      .object({
        name: z.string().max(100).optional(),
        options: z.array(z.object({ name: z.string().max(100), value: z.unknown().optional() }).loose()).max(25).optional(),
      })
      .loose()
      .optional(),
    member: z.object({ user: ZDiscordUser.optional() }).loose().nullable().optional(),
    user: ZDiscordUser.nullable().optional(),
  })
  .loose();

/** For the OpenAPI document: the parts of a Discord interaction that are read. */
export const ZDiscordInteractionDoc = ZInteraction;
export const ZDiscordInteractionResponse = z.object({
  type: z.number().describe("1 PONG, 4 CHANNEL_MESSAGE_WITH_SOURCE"),
  data: z
    .object({ content: z.string(), flags: z.number().describe("64: only the member who used the command sees it"), allowed_mentions: z.object({ parse: z.array(z.string()) }) })
    .optional(),
});

const ZCommandInput = ZFeedbackSubmit.pick({ type: true, title: true, details: true });

const reply = (content: string) => ({ type: 4, data: { content: content.slice(0, 2000), flags: EPHEMERAL, allowed_mentions: { parse: [] as string[] } } });

const NOT_SET_UP = "No Discord interactions endpoint is set up at this address";

async function hookProject(ref: string) {
  if (!ref || ref.length > 200) return null;
  return db.project.findFirst({ where: { OR: [{ id: ref }, { slug: ref }] }, select: { id: true, feedbackSettings: { select: { discordPublicKey: true } } } });
}

/**
 * POST /hooks/discord/{project}: verifies Discord's signature over the exact bytes, answers PING, and stores
 * /feedback as an item (once per interaction id), answering with an ephemeral message.
 */
export async function receiveDiscordInteraction({ input }: { ctx: Ctx; input: { project: string; req: Request } }) {
  const project = await hookProject(input.project);
  const publicKey = project?.feedbackSettings?.discordPublicKey;
  if (!project || !publicKey) throw new AppError("not_found", NOT_SET_UP, 404);
  const req = input.req;
  const raw = await readRawBody(req, DISCORD_MAX_BODY_BYTES);
  let key: KeyObject;
  try {
    key = discordPublicKey(publicKey);
  } catch {
    throw new AppError("public_key_unreadable", "The Discord public key stored for this project is not valid; save it again in the project's feedback settings", 500);
  }
  const check = verifyDiscordRequest({ key, signature: req.headers.get("x-signature-ed25519"), timestamp: req.headers.get("x-signature-timestamp"), body: raw });
  if (!check.ok) throw new AppError("invalid_signature", check.message, 401);

  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ValidationError([{ path: "body", rule: "invalid_json", message: "is not valid JSON" }]);
  }
  const parsed = ZInteraction.safeParse(payload);
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error));
  const interaction = parsed.data;

  if (interaction.type === 1) return { type: 1 };
  if (interaction.type !== 2) return reply("This app only answers the /feedback command.");
  const name = interaction.data?.name ?? "";
  if (name !== discordCommandDefinition.name) return reply(`Unknown command${name ? ` /${name.slice(0, 32)}` : ""}: this app only knows /feedback.`);

  const options = Object.fromEntries((interaction.data?.options ?? []).map((o) => [o.name, o.value]));
  const fields = ZCommandInput.safeParse({ type: options.type, title: options.title, ...(options.details !== undefined ? { details: options.details } : {}) });
  if (!fields.success) {
    const problems = issuesFromZod(fields.error).map((i) => `${i.path}: ${i.message}`);
    return reply(`Not filed — ${problems.join("; ")}. Try /feedback again.`);
  }
  const who = interaction.member?.user ?? interaction.user ?? null;
  const username = who?.username.replaceAll("\u0000", "").trim().slice(0, 100).toWellFormed() || null;
  const stored = await submit(fromSubmit(project.id, "discord", fields.data, { name: username, idempotencyKey: `discord:${interaction.id}` }));
  return reply(
    stored.created
      ? `Thanks — filed as ${stored.ref}: ${fields.data.title}. The team sees it now.`
      : `Already filed as ${stored.ref}; nothing more to do.`,
  );
}

// Registering the command ----------------------------------------------------------------------------------------------

const MAX_RATE_LIMIT_WAIT_MS = 5_000;
const ATTEMPTS = 3;

const ZRegister = z.object({
  applicationId: z.string({ error: "must be text" }).regex(/^\d{5,25}$/, "must be a Discord application id (digits)"),
  // Discord bot tokens are dot-separated base64url parts; anything else cannot be one (and cannot break the header).
  botToken: z.string({ error: "must be text" }).regex(/^[A-Za-z0-9_.-]{20,200}$/, "must be the bot token from the Developer Portal (Bot → Reset Token)"),
  apiBase: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
});

/** Discord's JSON error ({code, message, errors}) in one line: the first few field errors named by their path. */
function discordError(res: GuardedResponse): { code: number | null; message: string; retryAfter: number | null } {
  try {
    const json = JSON.parse(res.text()) as { code?: unknown; message?: unknown; errors?: unknown; retry_after?: unknown };
    const fields: string[] = [];
    const walk = (node: unknown, path: string[]) => {
      if (!node || typeof node !== "object" || fields.length >= 3) return;
      const errors = (node as { _errors?: Array<{ message?: string }> })._errors;
      if (Array.isArray(errors)) fields.push(`${path.join(".")}: ${errors.map((e) => e.message).join(" ")}`);
      for (const [k, v] of Object.entries(node)) if (k !== "_errors") walk(v, [...path, k]);
    };
    walk(json.errors, []);
    const message = [typeof json.message === "string" ? json.message : "", ...fields].filter(Boolean).join(" — ").slice(0, 500);
    return {
      code: typeof json.code === "number" ? json.code : null,
      message: message || `HTTP ${res.status}`,
      retryAfter: typeof json.retry_after === "number" && Number.isFinite(json.retry_after) && json.retry_after >= 0 ? json.retry_after : null,
    };
  } catch {
    return { code: null, message: res.text().replace(/\s+/g, " ").trim().slice(0, 200) || `HTTP ${res.status}`, retryAfter: null };
  }
}

/**
 * Registers /feedback for a Discord application (PUT /applications/{id}/commands, authorised with the bot token),
 * through the guarded client and the instance's network policy. The token is sent once and never stored or logged.
 * A 429 is waited out when Discord asks for at most 5 s (twice at most); longer, or any refusal, is an AppError whose
 * sentence says what to fix.
 */
export async function registerDiscordCommand(input: { applicationId: string; botToken: string; apiBase?: string; policy?: NetworkPolicy }): Promise<{ commands: Array<{ id: string; name: string }> }> {
  const parsed = ZRegister.safeParse(input);
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error));
  const { applicationId, botToken } = parsed.data;
  const url = `${(parsed.data.apiBase ?? DISCORD_API_BASE).replace(/\/+$/, "")}/applications/${applicationId}/commands`;
  const policy = input.policy ?? (await networkPolicy());
  for (let attempt = 1; ; attempt++) {
    let res: GuardedResponse;
    try {
      res = await guardedFetch(url, {
        policy,
        method: "PUT",
        headers: {
          authorization: `Bot ${botToken}`,
          "content-type": "application/json",
          // Discord asks API clients to name themselves this way.
          "user-agent": `DiscordBot (${env.NEXTAUTH_URL}, 1)`,
        },
        body: JSON.stringify([discordCommandDefinition]),
        timeoutMs: 10_000,
        maxBodyBytes: 256 * 1024,
        redirect: "manual",
      });
    } catch (error) {
      if (!(error instanceof GuardedFetchError)) throw error;
      throw new AppError("discord_unreachable", `Could not reach Discord to register /feedback: ${error.message}`, 502);
    }
    if (res.status === 200 || res.status === 201) {
      try {
        const list = z.array(z.object({ id: z.string(), name: z.string() }).loose()).parse(JSON.parse(res.text()));
        return { commands: list.map((c) => ({ id: c.id, name: c.name })) };
      } catch {
        throw new AppError("discord_unexpected", "Discord answered the registration with something other than the command list", 502);
      }
    }
    const said = discordError(res);
    const detail = said.code !== null ? `code ${said.code}: ${said.message}` : said.message;
    if (res.status === 429) {
      const fromHeader = retryAfterMs(res.headers);
      const waitMs = Math.max(fromHeader ?? 0, said.retryAfter !== null ? Math.ceil(said.retryAfter * 1000) : 0);
      if (attempt < ATTEMPTS && waitMs <= MAX_RATE_LIMIT_WAIT_MS) {
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        continue;
      }
      throw new AppError("rate_limited", `Discord is rate limiting command registration (${detail}); try again in ${Math.max(1, Math.ceil(waitMs / 1000))} s`, 429);
    }
    if (res.status === 401) {
      throw new AppError("discord_refused", `Discord refused the bot token (HTTP 401, ${detail}): copy a new one from the Developer Portal (Bot → Reset Token)`, 422);
    }
    if (res.status === 403) {
      throw new AppError("discord_refused", `Discord refused access (HTTP 403, ${detail}): the bot token must belong to application ${applicationId}`, 422);
    }
    if (res.status === 404) {
      throw new AppError("discord_refused", `Discord does not know application ${applicationId} (HTTP 404, ${detail}): check the application id`, 422);
    }
    if (res.status >= 400 && res.status < 500) throw new AppError("discord_refused", `Discord refused the /feedback command (HTTP ${res.status}, ${detail})`, 422);
    throw new AppError("discord_unavailable", `Discord failed to register /feedback (HTTP ${res.status}, ${detail}); try again later`, 502);
  }
}
