import type { IncomingHttpHeaders } from "node:http";
import { guardedFetch, GuardedFetchError, type GuardedResponse } from "../../net/guarded-fetch";
import { ProviderError, type AdapterContext, type DeployAdapter, type PollResult, type ProviderDeployState, type TriggerResult } from "./types";

// Render REST API (https://api-docs.render.com): Bearer API key, JSON errors `{ id, message }`, cursor pagination
// (each list item is `{ deploy, cursor }`; pass the last cursor to get the next page), 429 with Ratelimit-* headers.
export const RENDER_API_BASE = "https://api.render.com/v1";
const PAGE_LIMIT = 100;
const MAX_PAGES = 20;

type RenderDeploy = { id: string; status?: string; trigger?: string; commit?: { id?: string } | null; finishedAt?: string | null };
type ListItem = { deploy?: RenderDeploy; cursor?: string };

const QUEUED = new Set(["created", "queued"]);
const RUNNING = new Set(["build_in_progress", "update_in_progress", "pre_deploy_in_progress"]);
const FAILED: Record<string, string> = {
  build_failed: "the build failed",
  update_failed: "the update failed after the build",
  pre_deploy_failed: "the pre-deploy command failed",
};
// `deactivated` is a deploy that went live and was later replaced: it succeeded.
const SUCCEEDED = new Set(["live", "deactivated"]);

/** Render deploy statuses mapped onto the runner's five. */
export function renderState(status: string | undefined): ProviderDeployState {
  if (!status || QUEUED.has(status)) return "queued";
  if (RUNNING.has(status)) return "building";
  if (SUCCEEDED.has(status)) return "ready";
  if (status === "canceled") return "canceled";
  if (status in FAILED) return "error";
  return "building";
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

/** From Retry-After (seconds or an HTTP date), else Ratelimit-Reset (documented as epoch seconds; small values read as seconds). */
function retryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | null {
  const retry = header(headers, "retry-after");
  if (retry) {
    const seconds = Number(retry);
    if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
    const date = Date.parse(retry);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(header(headers, "ratelimit-reset") ?? header(headers, "x-ratelimit-reset") ?? NaN);
  if (!Number.isFinite(reset)) return null;
  return reset > 1e9 ? Math.max(0, reset * 1000 - now) : Math.max(0, reset * 1000);
}

function toError(res: GuardedResponse, doing: string, ctx: AdapterContext): ProviderError {
  const status = res.status;
  let said = res.text().trim().slice(0, 200) || "no message";
  try {
    const parsed = JSON.parse(res.text()) as { message?: unknown };
    if (typeof parsed?.message === "string") said = parsed.message;
  } catch {
    // keep the text
  }
  said = redact(said, ctx);
  if (status === 401 || status === 403) {
    return new ProviderError("unauthorized", `Render refused the API key when asked to ${doing} (HTTP ${status}: ${said}). Check the API key saved on the target and that it can access this service.`, status);
  }
  if (status === 404) {
    return new ProviderError("not_found", `Render found nothing when asked to ${doing} (HTTP 404: ${said}). Check the target's service ID and that the deploy still exists.`, status);
  }
  const wait = status === 429 || status === 503 ? retryAfterMs(res.headers) : null;
  if (status === 429) {
    const when = wait === null ? "later" : `in ${Math.ceil(wait / 1000)} s`;
    return new ProviderError("rate_limited", `Render is rate limiting this API key (HTTP 429) and asked to try again ${when}.`, status, wait);
  }
  if (status >= 500) return new ProviderError("provider_error", `Render failed with HTTP ${status} when asked to ${doing} (${said}); try again later.`, status, wait);
  return new ProviderError("bad_request", `Render refused to ${doing} (HTTP ${status}: ${said}).`, status);
}

function service(ctx: AdapterContext): string {
  const id = ctx.settings.serviceId;
  if (typeof id !== "string" || !id) throw new ProviderError("bad_request", "The Render target has no service ID; set it in the target's settings.");
  return `${(ctx.apiBase ?? RENDER_API_BASE).replace(/\/+$/, "")}/services/${encodeURIComponent(id)}`;
}

async function request<T>(ctx: AdapterContext, method: "GET" | "POST", url: string, doing: string, body?: unknown): Promise<{ data: T | null; status: number }> {
  const apiKey = ctx.secrets.apiKey;
  if (!apiKey) {
    throw new ProviderError("unauthorized", "The Render target has no API key; add one to the target's secrets (a deploy hook alone cannot watch or roll back deploys).");
  }
  if (ctx.signal.aborted) throw new ProviderError("unreachable", `Stopped before asking Render to ${doing}: the deploy was aborted.`);
  let res: GuardedResponse;
  try {
    res = await guardedFetch(url, {
      policy: ctx.policy,
      method,
      headers: { authorization: `Bearer ${apiKey}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      maxBodyBytes: 4 * 1024 * 1024,
      timeoutMs: 30_000,
      signal: ctx.signal,
    });
  } catch (error) {
    if (error instanceof GuardedFetchError) {
      throw Object.assign(new ProviderError("unreachable", `Could not reach Render to ${doing}: ${redact(error.message, ctx)}`), { cause: error });
    }
    throw error;
  }
  if (res.status < 200 || res.status >= 300) throw toError(res, doing, ctx);
  if (res.truncated) throw new ProviderError("provider_error", `Render's answer when asked to ${doing} was too large to read.`, res.status);
  try {
    return { data: res.body.length ? (JSON.parse(res.text()) as T) : null, status: res.status };
  } catch {
    throw new ProviderError("provider_error", `Render answered ${res.status} to ${doing} with something that is not JSON.`, res.status);
  }
}

async function* deploys(ctx: AdapterContext, limit = PAGE_LIMIT): AsyncGenerator<RenderDeploy> {
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const { data } = await request<ListItem[]>(ctx, "GET", `${service(ctx)}/deploys?${query}`, "list the service's deploys");
    const items = data ?? [];
    for (const item of items) if (item.deploy?.id) yield item.deploy;
    const last = items.at(-1)?.cursor;
    if (!last || last === cursor || items.length === 0) return;
    cursor = last;
  }
}

export const renderAdapter: DeployAdapter = {
  async trigger(ctx): Promise<TriggerResult> {
    const sha = ctx.release.commitSha;
    const body = { clearCache: "do_not_clear", ...(sha ? { commitId: sha } : {}) };
    const { data, status } = await request<RenderDeploy>(ctx, "POST", `${service(ctx)}/deploys`, "start a deploy", body);
    let deploy = data?.id ? data : null;
    if (!deploy && status === 202) {
      // 202 "Queued" has no body: the deploy waits behind one in progress. Take the newest one not yet started.
      for await (const candidate of deploys(ctx, 5)) {
        if (QUEUED.has(candidate.status ?? "") && (!sha || candidate.commit?.id === sha)) deploy = candidate;
        break;
      }
    }
    if (!deploy) throw new ProviderError("provider_error", `Render accepted the deploy (HTTP ${status}) but did not say which deploy it started.`, status);
    ctx.log(`Render deploy ${deploy.id} started${sha ? ` for commit ${sha.slice(0, 12)}` : " from the latest commit of the service's branch"}.`);
    return { providerDeployId: deploy.id, url: null, state: renderState(deploy.status) };
  },

  async poll(ctx, providerDeployId): Promise<PollResult> {
    const { data } = await request<RenderDeploy>(ctx, "GET", `${service(ctx)}/deploys/${encodeURIComponent(providerDeployId)}`, `read deploy ${providerDeployId}`);
    const status = data?.status;
    const state = renderState(status);
    const detail =
      state === "error"
        ? `Render reports deploy ${providerDeployId} failed: ${FAILED[status ?? ""] ?? status} (${status}).`
        : state === "canceled"
          ? `Render deploy ${providerDeployId} was canceled.`
          : null;
    return { state, url: null, detail };
  },

  async cancel(ctx, providerDeployId) {
    await request(ctx, "POST", `${service(ctx)}/deploys/${encodeURIComponent(providerDeployId)}/cancel`, `cancel deploy ${providerDeployId}`);
    ctx.log(`Asked Render to cancel deploy ${providerDeployId}.`);
  },

  async previousGood(ctx, currentId) {
    let passedCurrent = currentId === null;
    let fallback: string | null = null;
    for await (const deploy of deploys(ctx)) {
      if (deploy.id === currentId) {
        passedCurrent = true;
        continue;
      }
      // Newest first: the answer is the first deploy that went live and is older than the current one.
      if (!SUCCEEDED.has(deploy.status ?? "")) continue;
      if (passedCurrent) return deploy.id;
      fallback ??= deploy.id;
    }
    // Seen and nothing older succeeded: there is nothing to roll back to. Never seen (it failed, or aged out of
    // the list): the newest good deploy.
    return passedCurrent && currentId !== null ? null : fallback;
  },

  async rollback(ctx, providerDeployId): Promise<TriggerResult> {
    const { data } = await request<RenderDeploy>(ctx, "POST", `${service(ctx)}/rollback`, `roll back to deploy ${providerDeployId}`, { deployId: providerDeployId });
    if (!data?.id) throw new ProviderError("provider_error", `Render accepted the rollback to deploy ${providerDeployId} but did not say which deploy it started.`);
    ctx.log(`Render is rolling back to deploy ${providerDeployId} (new deploy ${data.id}).`);
    ctx.log("Render rollbacks do not turn off auto-deploy: the next push to the service's branch will deploy again unless auto-deploy is turned off.");
    return { providerDeployId: data.id, url: null, state: renderState(data.status) };
  },
};
