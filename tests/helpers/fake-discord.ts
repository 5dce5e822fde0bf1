import { randomInt } from "node:crypto";
import type http from "node:http";
import { localServer } from "@/tests/net/local-server";

// A local stand-in for the two Discord HTTP APIs T-Minus calls, answering with the shapes, limits and errors Discord
// documents:
//   Execute Webhook  POST /api/webhooks/{webhook.id}/{webhook.token}          https://discord.com/developers/docs/resources/webhook#execute-webhook
//   Bulk Overwrite   PUT  /api/v10/applications/{application.id}/commands     https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
//   Errors           {code, message, errors}: 50035 Invalid Form Body, 10015 Unknown Webhook, 50001 Missing Access
//                    https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
//   Rate limits      429 {message, retry_after (seconds), global} + Retry-After   https://discord.com/developers/docs/topics/rate-limits

export type DiscordRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; raw: string; body: any };

// Message limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
export const DISCORD_MESSAGE_LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, total: 6000 };

type FieldErrors = Record<string, unknown>;
const tooLong = (max: number) => ({ _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${max} or fewer in length.` }] });
const bad = (code: string, message: string) => ({ _errors: [{ code, message }] });

/** Sets errors[a][b][c] = leaf, as Discord nests them by path. */
function put(errors: FieldErrors, path: Array<string | number>, leaf: unknown) {
  let node = errors;
  for (const key of path.slice(0, -1)) node = (node[String(key)] ??= {}) as FieldErrors;
  node[String(path.at(-1))] = leaf;
}

const len = (v: unknown) => (typeof v === "string" ? v.length : 0);

/** What Discord would refuse in an Execute Webhook body, as its nested `errors`; empty when the body is fine. */
export function messageErrors(body: any): FieldErrors {
  const L = DISCORD_MESSAGE_LIMITS;
  const errors: FieldErrors = {};
  if (len(body.content) > L.content) put(errors, ["content"], tooLong(L.content));
  const embeds = body.embeds ?? [];
  if (!Array.isArray(embeds)) put(errors, ["embeds"], bad("MODEL_TYPE_CONVERT", "Only iterables may be used in a ListType"));
  else {
    if (embeds.length > L.embeds) put(errors, ["embeds"], tooLong(L.embeds));
    let total = 0;
    embeds.forEach((e: any, i: number) => {
      if (len(e.title) > L.title) put(errors, ["embeds", i, "title"], tooLong(L.title));
      if (len(e.description) > L.description) put(errors, ["embeds", i, "description"], tooLong(L.description));
      if (len(e.footer?.text) > L.footer) put(errors, ["embeds", i, "footer", "text"], tooLong(L.footer));
      if (len(e.author?.name) > L.author) put(errors, ["embeds", i, "author", "name"], tooLong(L.author));
      const fields = e.fields ?? [];
      if (fields.length > L.fields) put(errors, ["embeds", i, "fields"], tooLong(L.fields));
      fields.forEach((f: any, j: number) => {
        if (!len(f.name)) put(errors, ["embeds", i, "fields", j, "name"], bad("BASE_TYPE_REQUIRED", "This field is required"));
        if (!len(f.value)) put(errors, ["embeds", i, "fields", j, "value"], bad("BASE_TYPE_REQUIRED", "This field is required"));
        if (len(f.name) > L.fieldName) put(errors, ["embeds", i, "fields", j, "name"], tooLong(L.fieldName));
        if (len(f.value) > L.fieldValue) put(errors, ["embeds", i, "fields", j, "value"], tooLong(L.fieldValue));
        total += len(f.name) + len(f.value);
      });
      total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
    });
    if (total > L.total) put(errors, ["embeds"], bad("MESSAGE_EMBED_TOO_LARGE", `Embed size exceeds maximum size of ${L.total}`));
  }
  return errors;
}

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const nameError = (v: unknown) =>
  typeof v !== "string" || !NAME.test(v) || v !== v.toLowerCase() ? bad("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid") : null;
const descriptionError = (v: unknown) =>
  typeof v !== "string" || v.length < 1 || v.length > 100 ? bad("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.") : null;

/** What Discord would refuse in a command list (names, descriptions, option order, choices, lengths). */
export function commandErrors(body: any): FieldErrors {
  const errors: FieldErrors = {};
  if (!Array.isArray(body)) return { _errors: [{ code: "MODEL_TYPE_CONVERT", message: "Only iterables may be used in a ListType" }] };
  body.forEach((c: any, i: number) => {
    const n = nameError(c?.name);
    if (n) put(errors, [i, "name"], n);
    const d = descriptionError(c?.description);
    if (d) put(errors, [i, "description"], d);
    if (c?.type !== undefined && ![1, 2, 3, 4].includes(c.type)) put(errors, [i, "type"], bad("BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}."));
    const options = c?.options ?? [];
    if (options.length > 25) put(errors, [i, "options"], tooLong(25));
    let optionalSeen = false;
    options.forEach((o: any, j: number) => {
      const on = nameError(o?.name);
      if (on) put(errors, [i, "options", j, "name"], on);
      const od = descriptionError(o?.description);
      if (od) put(errors, [i, "options", j, "description"], od);
      if (!Number.isInteger(o?.type) || o.type < 1 || o.type > 11) put(errors, [i, "options", j, "type"], bad("BASE_TYPE_CHOICES", "Value must be one of 1 to 11."));
      if (o?.required && optionalSeen) put(errors, [i, "options", j, "required"], bad("APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options"));
      if (!o?.required) optionalSeen = true;
      if (o?.max_length !== undefined && (!Number.isInteger(o.max_length) || o.max_length < 1 || o.max_length > 6000)) {
        put(errors, [i, "options", j, "max_length"], bad("NUMBER_TYPE_MAX", "int value should be between 1 and 6000."));
      }
      if (o?.min_length !== undefined && (!Number.isInteger(o.min_length) || o.min_length < 0 || o.min_length > 6000)) {
        put(errors, [i, "options", j, "min_length"], bad("NUMBER_TYPE_MAX", "int value should be between 0 and 6000."));
      }
      const choices = o?.choices ?? [];
      if (choices.length > 25) put(errors, [i, "options", j, "choices"], tooLong(25));
      choices.forEach((ch: any, k: number) => {
        if (typeof ch?.name !== "string" || ch.name.length < 1 || ch.name.length > 100) put(errors, [i, "options", j, "choices", k, "name"], bad("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."));
        if (o.type === 3 && (typeof ch?.value !== "string" || ch.value.length > 100)) put(errors, [i, "options", j, "choices", k, "value"], bad("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."));
      });
    });
  });
  return errors;
}

const snowflake = () => `${1_100_000_000_000_000_000n + BigInt(randomInt(0, 2 ** 47))}`;

export type FakeDiscordOptions = {
  /** Webhooks that exist: id and token (as in https://discord.com/api/webhooks/<id>/<token>). */
  webhooks?: Array<{ id: string; token: string }>;
  /** Applications and their bot tokens. */
  applications?: Array<{ id: string; botToken: string }>;
};

export async function fakeDiscord(opts: FakeDiscordOptions = {}) {
  const webhooks = new Map((opts.webhooks ?? []).map((w) => [w.id, w.token]));
  const applications = opts.applications ?? [];
  const received: DiscordRequest[] = [];
  const rateLimits: Array<{ retryAfter: number; global: boolean }> = [];
  const commands = new Map<string, any[]>();

  const send = (res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    if (body === undefined) return res.writeHead(status, headers).end();
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  };

  const server = await localServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const url = new URL(req.url ?? "/", "http://discord.test");
    received.push({ method: req.method ?? "", path: url.pathname + url.search, headers: req.headers, raw, body });

    const limited = rateLimits.shift();
    if (limited) {
      return send(
        res,
        429,
        { message: "You are being rate limited.", retry_after: limited.retryAfter, global: limited.global },
        { "retry-after": String(Math.ceil(limited.retryAfter)), "x-ratelimit-scope": limited.global ? "global" : "user", ...(limited.global ? { "x-ratelimit-global": "true" } : {}) },
      );
    }
    const isJson = (req.headers["content-type"] ?? "").startsWith("application/json");

    const hook = /^\/api(?:\/v\d+)?\/webhooks\/(\d+)\/([^/]+)$/.exec(url.pathname);
    if (hook) {
      if (req.method !== "POST") return send(res, 405, { message: "405: Method Not Allowed", code: 0 });
      if (webhooks.get(hook[1]) !== hook[2]) return send(res, 404, { message: "Unknown Webhook", code: 10015 });
      if (!isJson || body === undefined) return send(res, 400, { message: "The request body contains invalid JSON.", code: 50109 });
      const errors = messageErrors(body);
      if (Object.keys(errors).length) return send(res, 400, { message: "Invalid Form Body", code: 50035, errors });
      if (!len(body.content) && !(body.embeds ?? []).length) return send(res, 400, { message: "Cannot send an empty message", code: 50006 });
      if (url.searchParams.get("wait") === "true") return send(res, 200, { id: snowflake(), channel_id: snowflake(), content: body.content ?? "", embeds: body.embeds ?? [], webhook_id: hook[1] });
      return send(res, 204);
    }

    const cmd = /^\/api(?:\/v\d+)?\/applications\/(\d+)\/commands$/.exec(url.pathname);
    if (cmd) {
      const bot = /^Bot (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
      const owner = applications.find((a) => a.botToken === bot);
      if (!owner) return send(res, 401, { message: "401: Unauthorized", code: 0 });
      if (owner.id !== cmd[1]) return send(res, 403, { message: "Missing Access", code: 50001 });
      if (req.method === "GET") return send(res, 200, commands.get(owner.id) ?? []);
      if (req.method !== "PUT") return send(res, 405, { message: "405: Method Not Allowed", code: 0 });
      if (!isJson || body === undefined) return send(res, 400, { message: "The request body contains invalid JSON.", code: 50109 });
      const errors = commandErrors(body);
      if (Object.keys(errors).length) return send(res, 400, { message: "Invalid Form Body", code: 50035, errors });
      const stored = body.map((c: any) => ({ id: snowflake(), application_id: owner.id, version: snowflake(), default_member_permissions: null, type: 1, nsfw: false, ...c }));
      commands.set(owner.id, stored);
      return send(res, 200, stored);
    }
    send(res, 404, { message: "404: Not Found", code: 0 });
  });

  return {
    ...server,
    received,
    /** The stored global commands of an application, as GET would list them. */
    commands: (applicationId: string) => commands.get(applicationId) ?? [],
    apiBase: `${server.url}/api/v10`,
    webhookUrl: (id: string, token: string) => `${server.url}/api/webhooks/${id}/${token}`,
    /** The next `times` requests are answered 429 asking to wait `retryAfter` seconds. */
    rateLimit: (retryAfter: number, times = 1, global = false) => {
      for (let i = 0; i < times; i++) rateLimits.push({ retryAfter, global });
    },
  };
}
export type FakeDiscord = Awaited<ReturnType<typeof fakeDiscord>>;
