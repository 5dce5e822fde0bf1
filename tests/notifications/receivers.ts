import type http from "node:http";
import { localServer } from "@/tests/net/local-server";

export type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: any };

function readJson(req: http.IncomingMessage): Promise<{ raw: string; json: any }> {
  return new Promise((resolve) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      try {
        resolve({ raw, json: JSON.parse(raw) });
      } catch {
        resolve({ raw, json: undefined });
      }
    });
  });
}

/**
 * Slack's incoming-webhook contract as Slack answers it: POST JSON to /services/T…/B…/<secret>; 200 "ok"; an unknown
 * hook 404 "no_service"; a body without text or blocks 400 "invalid_payload"; rate limited 429 with Retry-After.
 */
export async function slackReceiver(secret: string) {
  const received: Received[] = [];
  const plan: Array<{ status: number; body: string; headers?: Record<string, string> }> = [];
  const server = await localServer(async (req, res) => {
    const { json } = await readJson(req);
    received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: json });
    const next = plan.shift();
    if (next) {
      res.writeHead(next.status, { "content-type": "text/plain", ...next.headers }).end(next.body);
      return;
    }
    if (req.method !== "POST" || req.url !== `/services/T0123ABCD/B0456EFGH/${secret}`) return res.writeHead(404).end("no_service");
    if (!req.headers["content-type"]?.startsWith("application/json") || !json || (typeof json.text !== "string" && !Array.isArray(json.blocks))) {
      return res.writeHead(400).end("invalid_payload");
    }
    res.writeHead(200, { "content-type": "text/html" }).end("ok");
  });
  return { ...server, received, plan, hookUrl: `${server.url}/services/T0123ABCD/B0456EFGH/${secret}` };
}

/**
 * Discord's "Execute Webhook" contract: POST JSON to /api/webhooks/<id>/<token>; 204 without ?wait=true; 400 with a
 * JSON error for an embed over its limits; 429 with `retry_after` (seconds) in the JSON body and a Retry-After header.
 */
export async function discordReceiver(id: string, token: string) {
  const received: Received[] = [];
  let rateLimitNext: number | null = null;
  const server = await localServer(async (req, res) => {
    const { json } = await readJson(req);
    received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: json });
    if (rateLimitNext !== null) {
      const seconds = rateLimitNext;
      rateLimitNext = null;
      res
        .writeHead(429, { "content-type": "application/json", "retry-after": String(Math.ceil(seconds)), "x-ratelimit-scope": "shared" })
        .end(JSON.stringify({ message: "You are being rate limited.", retry_after: seconds, global: false }));
      return;
    }
    if (req.method !== "POST" || req.url !== `/api/webhooks/${id}/${token}`) {
      return res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Unknown Webhook", code: 10015 }));
    }
    const embed = json?.embeds?.[0];
    const tooLong =
      !json ||
      (json.content ?? "").length > 2000 ||
      (embed && ((embed.title ?? "").length > 256 || (embed.description ?? "").length > 4096 || (embed.fields ?? []).length > 25));
    if (tooLong) return res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ message: "Invalid Form Body", code: 50035 }));
    res.writeHead(204).end();
  });
  return {
    ...server,
    received,
    hookUrl: `${server.url}/api/webhooks/${id}/${token}`,
    rateLimitOnce: (seconds: number) => (rateLimitNext = seconds),
  };
}
