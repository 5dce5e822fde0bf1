import type { IncomingHttpHeaders } from "node:http";
import { guardedFetch, GuardedFetchError, type GuardedResponse } from "../../net/guarded-fetch";
import { ProviderError, type AdapterContext, type DeployAdapter, type PollResult, type ProviderDeployState, type TriggerResult } from "./types";

// Netlify REST API (https://open-api.netlify.com): Bearer token, JSON errors `{ code, message }` (an unmatched path
// answers text/plain "Not Found"), page/per_page pagination with a Link header, X-RateLimit-Reset as a Unix time.
export const NETLIFY_API_BASE = "https://api.netlify.com/api/v1";
const PER_PAGE = 100;
const MAX_PAGES = 20;

type NetlifyDeploy = {
  id: string;
  state?: string;
  context?: string;
  error_message?: string | null;
  ssl_url?: string | null;
  deploy_ssl_url?: string | null;
  url?: string | null;
};
type NetlifyBuild = { id?: string; deploy_id?: string; sha?: string | null };

const QUEUED = new Set(["new", "pending_review", "accepted", "enqueued"]);
const FAILED = new Set(["error", "rejected"]);

/** Netlify deploy states (new … ready, error, retrying) mapped onto the runner's five. */
export function netlifyState(deploy: NetlifyDeploy): ProviderDeployState {
  const state = deploy.state ?? "new";
  if (state === "ready") return "ready";
  if (state === "canceled" || state === "cancelled") return "canceled";
  // A cancelled build is reported as an error whose message says so.
  if (FAILED.has(state)) return /cancel/i.test(deploy.error_message ?? "") ? "canceled" : "error";
  if (QUEUED.has(state)) return "queued";
  return "building"; // building, uploading, uploaded, preparing, prepared, processing, processed, retrying
}

function redact(text: string, ctx: AdapterContext): string {
  let out = text;
  for (const value of Object.values(ctx.secrets)) if (value && value.length >= 4) out = out.split(value).join("[redacted]");
  return out;
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** From Retry-After (seconds or an HTTP date), else X-RateLimit-Reset (a Unix time; small values read as seconds). */
export function retryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | null {
  const retry = header(headers, "retry-after");
  if (retry) {
    const seconds = Number(retry);
    if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
    const date = Date.parse(retry);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(header(headers, "x-ratelimit-reset") ?? header(headers, "ratelimit-reset") ?? NaN);
  if (!Number.isFinite(reset)) return null;
  return reset > 1e9 ? Math.max(0, reset * 1000 - now) : Math.max(0, reset * 1000);
}

function bodyMessage(res: GuardedResponse): string {
  const text = res.text().trim();
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed?.message === "string") return parsed.message;
  } catch {
    // not JSON: Netlify answers some routes with plain text
  }
  return text.slice(0, 200) || "no message";
}

function toError(res: GuardedResponse, doing: string, ctx: AdapterContext): ProviderError {
  const status = res.status;
  const said = redact(bodyMessage(res), ctx);
  if (status === 401 || status === 403) {
    return new ProviderError("unauthorized", `Netlify refused the API token when asked to ${doing} (HTTP ${status}: ${said}). Check the token saved on the target and that it can access this site.`, status);
  }
  if (status === 404) {
    return new ProviderError("not_found", `Netlify found nothing when asked to ${doing} (HTTP 404: ${said}). Check the target's site ID and that the deploy still exists.`, status);
  }
  const wait = status === 429 || status === 503 ? retryAfterMs(res.headers) : null;
  if (status === 429) {
    const when = wait === null ? "later" : `in ${Math.ceil(wait / 1000)} s`;
    return new ProviderError("rate_limited", `Netlify is rate limiting this token (HTTP 429) and asked to try again ${when}.`, status, wait);
  }
  if (status >= 500) return new ProviderError("provider_error", `Netlify failed with HTTP ${status} when asked to ${doing} (${said}); try again later.`, status, wait);
  return new ProviderError("bad_request", `Netlify refused to ${doing} (HTTP ${status}: ${said}).`, status);
}

function base(ctx: AdapterContext): string {
  return (ctx.apiBase ?? NETLIFY_API_BASE).replace(/\/+$/, "");
}

function siteIdOf(ctx: AdapterContext): string {
  const id = ctx.settings.siteId;
  if (typeof id !== "string" || !id) throw new ProviderError("bad_request", "The Netlify target has no site ID; set it in the target's settings.");
  return id;
}

async function request<T>(ctx: AdapterContext, method: "GET" | "POST", url: string, doing: string, body?: unknown) {
  const token = ctx.secrets.token;
  if (!token) {
    throw new ProviderError("unauthorized", "The Netlify target has no API token; add one to the target's secrets (a build hook alone cannot watch or roll back deploys).");
  }
  if (ctx.signal.aborted) throw new ProviderError("unreachable", `Stopped before asking Netlify to ${doing}: the deploy was aborted.`);
  let res: GuardedResponse;
  try {
    res = await guardedFetch(url, {
      policy: ctx.policy,
      method,
      headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      maxBodyBytes: 8 * 1024 * 1024,
      timeoutMs: 30_000,
      signal: ctx.signal,
    });
  } catch (error) {
    if (error instanceof GuardedFetchError) {
      throw Object.assign(new ProviderError("unreachable", `Could not reach Netlify to ${doing}: ${redact(error.message, ctx)}`), { cause: error });
    }
    throw error;
  }
  if (res.status < 200 || res.status >= 300) throw toError(res, doing, ctx);
  if (res.truncated) throw new ProviderError("provider_error", `Netlify's answer when asked to ${doing} was too large to read.`, res.status);
  let data: T;
  try {
    data = (res.body.length ? JSON.parse(res.text()) : null) as T;
  } catch {
    throw new ProviderError("provider_error", `Netlify answered ${res.status} to ${doing} with something that is not JSON.`, res.status);
  }
  return { data, res };
}

function deployUrl(deploy: NetlifyDeploy): string | null {
  return deploy.deploy_ssl_url ?? deploy.ssl_url ?? deploy.url ?? null;
}

/** The `rel="next"` URL of a Link header, only when it stays on the API's origin (the token goes with it). */
function nextLink(headers: IncomingHttpHeaders, apiBase: string): string | null {
  const link = header(headers, "link");
  const match = link?.split(",").find((part) => /rel="?next"?/.test(part))?.match(/<([^>]+)>/);
  if (!match) return null;
  const next = new URL(match[1], apiBase);
  return next.origin === new URL(apiBase).origin ? next.toString() : null;
}

/** Turns auto publishing back on after a rollback held the site on an older deploy. */
export async function unlockPublishing(ctx: AdapterContext, deployId: string): Promise<void> {
  await request(ctx, "POST", `${base(ctx)}/deploys/${encodeURIComponent(deployId)}/unlock`, `unlock deploy ${deployId}`);
  ctx.log(`Netlify auto publishing is unlocked (deploy ${deployId}): the next production build will publish again.`);
}

export const netlifyAdapter: DeployAdapter = {
  async trigger(ctx): Promise<TriggerResult> {
    const site = siteIdOf(ctx);
    const { data } = await request<NetlifyBuild>(ctx, "POST", `${base(ctx)}/sites/${encodeURIComponent(site)}/builds`, `start a build of site ${site}`, {});
    if (!data?.deploy_id) throw new ProviderError("provider_error", `Netlify started a build of site ${site} but did not say which deploy it belongs to.`);
    ctx.log(`Netlify build started for site ${site} (deploy ${data.deploy_id}).`);
    if (ctx.release.commitSha) {
      ctx.log(`Netlify builds the head of the site's linked branch; the API cannot pin commit ${ctx.release.commitSha.slice(0, 12)}.`);
    }
    return { providerDeployId: data.deploy_id, url: null, state: "queued" };
  },

  async poll(ctx, providerDeployId): Promise<PollResult> {
    const { data } = await request<NetlifyDeploy>(ctx, "GET", `${base(ctx)}/deploys/${encodeURIComponent(providerDeployId)}`, `read deploy ${providerDeployId}`);
    const state = netlifyState(data);
    const reason = data.error_message ? redact(data.error_message, ctx) : null;
    const detail =
      state === "error" ? `Netlify reports deploy ${providerDeployId} failed: ${reason ?? "no reason given"}.` : state === "canceled" ? `Netlify deploy ${providerDeployId} was canceled.` : null;
    return { state, url: deployUrl(data), detail };
  },

  async cancel(ctx, providerDeployId) {
    await request(ctx, "POST", `${base(ctx)}/deploys/${encodeURIComponent(providerDeployId)}/cancel`, `cancel deploy ${providerDeployId}`);
    ctx.log(`Asked Netlify to cancel deploy ${providerDeployId}.`);
  },

  async previousGood(ctx, currentId) {
    const site = siteIdOf(ctx);
    let url: string | null = `${base(ctx)}/sites/${encodeURIComponent(site)}/deploys?production=true&state=ready&page=1&per_page=${PER_PAGE}`;
    let passedCurrent = currentId === null;
    let fallback: string | null = null;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const { data, res }: { data: NetlifyDeploy[] | null; res: GuardedResponse } = await request<NetlifyDeploy[]>(ctx, "GET", url, `list the deploys of site ${site}`);
      for (const deploy of data ?? []) {
        if (deploy.id === currentId) {
          passedCurrent = true;
          continue;
        }
        // Newest first: the answer is the first ready production deploy older than the current one.
        const good = deploy.state === "ready" && (deploy.context === undefined || deploy.context === "production");
        if (!good) continue;
        if (passedCurrent) return deploy.id;
        fallback ??= deploy.id;
      }
      url = nextLink(res.headers, base(ctx));
    }
    // Seen and nothing older succeeded: there is nothing to roll back to. Never seen (it failed, or aged out of
    // the list): the newest good deploy.
    return passedCurrent && currentId !== null ? null : fallback;
  },

  async rollback(ctx, providerDeployId): Promise<TriggerResult> {
    const site = siteIdOf(ctx);
    const id = encodeURIComponent(providerDeployId);
    const { data } = await request<NetlifyDeploy>(ctx, "POST", `${base(ctx)}/sites/${encodeURIComponent(site)}/deploys/${id}/restore`, `restore deploy ${providerDeployId}`);
    ctx.log(`Netlify restored deploy ${providerDeployId} as the live version of site ${site}.`);
    await request(ctx, "POST", `${base(ctx)}/deploys/${id}/lock`, `lock deploy ${providerDeployId}`);
    ctx.log(
      `Netlify auto publishing is now locked on deploy ${providerDeployId}: new builds will not go live until someone unlocks publishing (in Netlify, or by unlocking it from T-Minus).`,
    );
    return { providerDeployId: data?.id ?? providerDeployId, url: data ? deployUrl(data) : null, state: data ? netlifyState(data) : "ready" };
  },
};
