import type { IncomingHttpHeaders } from "node:http";
import { guardedFetch, GuardedFetchError, type GuardedResponse } from "../../net/guarded-fetch";
import { ProviderError, type AdapterContext } from "./types";

// What the REST adapters share: secrets kept out of text, Retry-After read one way, and one Bearer JSON request that
// maps every failure onto a ProviderError with a sentence naming the provider.

/** Removes every secret of the target from text that could reach a log line or an error message. */
export function redactSecrets(text: string, ctx: AdapterContext, mask = "[redacted]"): string {
  let out = text;
  for (const value of Object.values(ctx.secrets)) if (value && value.length >= 4) out = out.split(value).join(mask);
  return out;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** From Retry-After (seconds or an HTTP date), else X-RateLimit-Reset / Ratelimit-Reset (a Unix time; small values read as seconds). */
export function retryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | null {
  const retry = headerValue(headers, "retry-after");
  if (retry) {
    const seconds = Number(retry);
    if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
    const date = Date.parse(retry);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(headerValue(headers, "x-ratelimit-reset") ?? headerValue(headers, "ratelimit-reset") ?? NaN);
  if (!Number.isFinite(reset)) return null;
  return reset > 1e9 ? Math.max(0, reset * 1000 - now) : Math.max(0, reset * 1000);
}

/** How one provider's API is named in sentences, and which secret carries its Bearer credential. */
export type BearerApi = {
  provider: string;
  /** The key in the target's secrets, and how to call it ("API token", "token"). */
  secretKey: string;
  credential: string;
  credentialShort: string;
  /** The setting that names the resource ("site ID") and the resource itself ("site"). */
  idName: string;
  resource: string;
  missingCredential: string;
  maxBodyBytes: number;
};

/** The error body's `message` when it is JSON, else its first 200 characters (some routes answer plain text). */
function messageOf(res: GuardedResponse): string {
  const text = res.text().trim();
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed?.message === "string") return parsed.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200) || "no message";
}

function toError(api: BearerApi, res: GuardedResponse, doing: string, ctx: AdapterContext): ProviderError {
  const { provider: p, status } = { provider: api.provider, status: res.status };
  const said = redactSecrets(messageOf(res), ctx);
  if (status === 401 || status === 403) {
    return new ProviderError(
      "unauthorized",
      `${p} refused the ${api.credential} when asked to ${doing} (HTTP ${status}: ${said}). Check the ${api.credentialShort} saved on the target and that it can access this ${api.resource}.`,
      status,
    );
  }
  if (status === 404) {
    return new ProviderError("not_found", `${p} found nothing when asked to ${doing} (HTTP 404: ${said}). Check the target's ${api.idName} and that the deploy still exists.`, status);
  }
  const wait = status === 429 || status === 503 ? retryAfterMs(res.headers) : null;
  if (status === 429) {
    const when = wait === null ? "later" : `in ${Math.ceil(wait / 1000)} s`;
    return new ProviderError("rate_limited", `${p} is rate limiting this ${api.credentialShort} (HTTP 429) and asked to try again ${when}.`, status, wait);
  }
  if (status >= 500) return new ProviderError("provider_error", `${p} failed with HTTP ${status} when asked to ${doing} (${said}); try again later.`, status, wait);
  return new ProviderError("bad_request", `${p} refused to ${doing} (HTTP ${status}: ${said}).`, status);
}

/** One JSON request with the target's Bearer credential through the guarded client; `data` is null for an empty body. */
export async function bearerRequest<T>(
  api: BearerApi,
  ctx: AdapterContext,
  method: "GET" | "POST",
  url: string,
  doing: string,
  body?: unknown,
): Promise<{ data: T | null; res: GuardedResponse }> {
  const credential = ctx.secrets[api.secretKey];
  if (!credential) throw new ProviderError("unauthorized", api.missingCredential);
  if (ctx.signal.aborted) throw new ProviderError("unreachable", `Stopped before asking ${api.provider} to ${doing}: the deploy was aborted.`);
  let res: GuardedResponse;
  try {
    res = await guardedFetch(url, {
      policy: ctx.policy,
      method,
      headers: { authorization: `Bearer ${credential}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      maxBodyBytes: api.maxBodyBytes,
      timeoutMs: 30_000,
      signal: ctx.signal,
    });
  } catch (error) {
    if (error instanceof GuardedFetchError) {
      throw Object.assign(new ProviderError("unreachable", `Could not reach ${api.provider} to ${doing}: ${redactSecrets(error.message, ctx)}`), { cause: error });
    }
    throw error;
  }
  if (res.status < 200 || res.status >= 300) throw toError(api, res, doing, ctx);
  if (res.truncated) throw new ProviderError("provider_error", `${api.provider}'s answer when asked to ${doing} was too large to read.`, res.status);
  try {
    return { data: res.body.length ? (JSON.parse(res.text()) as T) : null, res };
  } catch {
    throw new ProviderError("provider_error", `${api.provider} answered ${res.status} to ${doing} with something that is not JSON.`, res.status);
  }
}

/**
 * The deploy to roll back to, from a newest-first listing: the first good one older than `currentId`. When the
 * current one is listed and nothing older is good, there is nothing to roll back to; when it is not listed (it
 * failed, or aged out of the list), the newest good one.
 */
export async function previousGoodOf<D extends { id: string }>(deploys: AsyncIterable<D>, currentId: string | null, isGood: (d: D) => boolean) {
  let passedCurrent = currentId === null;
  let fallback: string | null = null;
  for await (const deploy of deploys) {
    if (deploy.id === currentId) {
      passedCurrent = true;
      continue;
    }
    if (!isGood(deploy)) continue;
    if (passedCurrent) return deploy.id;
    fallback ??= deploy.id;
  }
  return passedCurrent && currentId !== null ? null : fallback;
}

/** Waits ms, or less when the signal aborts (a cancelled deploy stops waiting at once). */
export function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
