import { randomUUID } from "node:crypto";
import { env } from "../env";
import { AppError, ForbiddenError, ValidationError } from "../errors";

export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_BODY_DEPTH = 32;

/** A client's x-request-id is kept only when it is short and plain, since it is logged and stored in audit rows. */
export function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : randomUUID();
}

// RFC 9110 media type: type/subtype followed only by `; name=value` parameters.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAM = new RegExp(`^\\s*${TOKEN}\\s*=\\s*(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*")\\s*$`);
export function isJsonMediaType(header: string): boolean {
  const [essence, ...params] = header.split(";");
  if (essence.trim().toLowerCase() !== "application/json") return false;
  return params.every((p) => PARAM.test(p));
}

function appOrigins(req: Request): string[] {
  const own = new URL(req.url);
  const origins = [own.origin];
  const host = req.headers.get("host");
  if (host) origins.push(`${own.protocol}//${host}`);
  try {
    origins.push(new URL(env.NEXTAUTH_URL).origin);
  } catch {
    /* env invalid: the request's own origin still applies */
  }
  return origins.map((o) => o.toLowerCase());
}

/**
 * CSRF: a browser marks where a request came from with Origin and Sec-Fetch-Site. A cookie-authenticated write must
 * prove it came from this app; a write that carries a foreign Origin is refused even on public routes.
 * Bearer-token callers are not browsers acting on a user's behalf and are exempt. Returns whether the session
 * cookie may be trusted for this request (false: a write with no proof either way, e.g. curl on a public route).
 */
export function checkOrigin(req: Request, opts: { cookieRequired: boolean }): boolean {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return true;
  if (req.headers.get("authorization")) return true;
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  const sameOrigin = site === "same-origin" || (origin !== null && appOrigins(req).includes(origin.toLowerCase()));
  if (sameOrigin) return true;
  const foreign = origin !== null || (site !== null && site !== "none");
  if (!foreign && !opts.cookieRequired) return false;
  throw new ForbiddenError(
    "This request did not come from a T-Minus page (its Origin header is missing or belongs to another site), so it was refused to protect your session. Use the T-Minus web app, or call the API with an API token (Authorization: Bearer …).",
  );
}

const tooLarge = (max = MAX_BODY_BYTES) =>
  new AppError("payload_too_large", `The request body is larger than ${Math.round(max / 1024)} kB; send less data`, 413);

/**
 * The exact bytes of a body, at most `max` (MAX_BODY_BYTES by default): a declared Content-Length is checked first,
 * then the stream is counted as it arrives. For verbs that check a signature over the bytes (webhooks).
 */
export async function readRawBody(req: Request, max = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = req.headers.get("content-length");
  if (declared && /^\d+$/.test(declared) && Number(declared) > max) throw tooLarge(max);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads at most MAX_BODY_BYTES as UTF-8 text. */
async function readLimited(req: Request): Promise<string> {
  const bytes = await readRawBody(req);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError([{ path: "body", rule: "invalid_encoding", message: "is not valid UTF-8" }]);
  }
}

export async function readJsonBody(req: Request): Promise<unknown> {
  if (req.method === "GET" || req.method === "DELETE") return undefined;
  const type = req.headers.get("content-type");
  const text = await readLimited(req);
  // An empty body is allowed without a type (a POST that carries no data), but a declared non-JSON type never is.
  if (type !== null ? !isJsonMediaType(type) : text.trim() !== "") {
    throw new AppError(
      "unsupported_media_type",
      "Send the body as JSON with Content-Type: application/json",
      415,
    );
  }
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ path: "body", rule: "invalid_json", message: "is not valid JSON" }]);
  }
}

// Postgres text cannot hold NUL, and Prisma's engine refuses lone surrogates (\ud800): either would surface as a 500.
const storable = (text: string) => !text.includes("\u0000") && text.isWellFormed();

/**
 * Walks a parsed body without recursion: refuses nesting deeper than MAX_BODY_DEPTH and strings that cannot be
 * stored. Object keys are checked as well, since some bodies are maps (secrets, provider settings).
 */
export function checkStructure(value: unknown, prefix: string, opts: { maxDepth?: number } = {}) {
  const maxDepth = opts.maxDepth ?? MAX_BODY_DEPTH;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: prefix, depth: 0 }];
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item.value === "string") {
      if (!storable(item.value)) {
        throw new ValidationError([
          { path: item.path || "body", rule: "invalid_characters", message: "must not contain NUL characters or unpaired UTF-16 surrogates" },
        ]);
      }
    } else if (item.value && typeof item.value === "object") {
      if (item.depth >= maxDepth) {
        throw new ValidationError([
          { path: item.path || "body", rule: "too_deep", message: `is nested more than ${maxDepth} levels deep` },
        ]);
      }
      for (const [k, v] of Object.entries(item.value)) {
        if (!storable(k)) throw new ValidationError([{ path: item.path || "body", rule: "invalid_characters", message: "has a key that is not valid text" }]);
        stack.push({ value: v, path: item.path ? `${item.path}.${k}` : k, depth: item.depth + 1 });
      }
    }
  }
}

/** Whether a path param holds text no id can contain. */
export const hasUnstorable = (values: Record<string, string>) => Object.values(values).some((v) => !storable(v));

/**
 * The SSE resume point, from the Last-Event-ID header (browsers) or ?lastEventId= (clients that cannot set headers).
 * Event ids are int8 values (0 replays from the start); anything else is refused rather than overflowing the query.
 */
export function lastEventIdOf(req: Request): string | null {
  const header = req.headers.get("last-event-id");
  const [path, value] = header ? ["Last-Event-ID", header] : ["query.lastEventId", new URL(req.url).searchParams.get("lastEventId")];
  if (!value) return null;
  if (!/^(0|[1-9]\d{0,18})$/.test(value) || BigInt(value) > 9223372036854775807n) {
    throw new ValidationError([{ path, rule: "invalid_format", message: "must be the id of an event this stream sent" }]);
  }
  return value;
}
