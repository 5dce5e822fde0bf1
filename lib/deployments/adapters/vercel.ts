import { guardedFetch, GuardedFetchError, type GuardedResponse } from "../../net/guarded-fetch";
import { previousGoodOf, retryAfterMs } from "./provider-http";
import { ProviderError, type AdapterContext, type DeployAdapter, type PollResult, type ProviderDeployState, type TriggerResult } from "./types";

// Vercel REST API (https://vercel.com/docs/rest-api): Bearer token, `teamId` query for team-owned projects,
// errors as `{ "error": { "code", "message" } }`. The token never leaves the Authorization header.

const DEFAULT_API = "https://api.vercel.com";
const PAGE_LIMIT = 20;
const MAX_PAGES = 10;
const EVENTS_LIMIT = 200;

type Query = Record<string, string | number | undefined>;
type VercelDeployment = {
  id?: string;
  uid?: string;
  name?: string;
  url?: string | null;
  readyState?: string;
  state?: string;
  errorMessage?: string | null;
  errorCode?: string | null;
  createdAt?: number;
  created?: number;
};
type VercelEvent = { type?: string; created?: number; text?: string; payload?: { id?: string; text?: string; date?: number } };
type ListAnswer = { deployments?: VercelDeployment[]; pagination?: { next?: number | null } };

const STATES: Record<string, ProviderDeployState> = {
  QUEUED: "queued",
  INITIALIZING: "building",
  BUILDING: "building",
  READY: "ready",
  ERROR: "error",
  CANCELED: "canceled",
};

function settingsOf(ctx: AdapterContext) {
  const projectId = typeof ctx.settings.projectId === "string" ? ctx.settings.projectId : "";
  const teamId = typeof ctx.settings.teamId === "string" && ctx.settings.teamId ? ctx.settings.teamId : undefined;
  if (!projectId) throw new ProviderError("bad_request", "This Vercel target has no project ID; set it in the target's settings.");
  return { projectId, teamId };
}

/** Removes the token from any text that could reach a log line or an error message. */
function redact(ctx: AdapterContext, text: string): string {
  const token = ctx.secrets.token;
  return token ? text.split(token).join("[redacted token]") : text;
}

function toError(ctx: AdapterContext, res: GuardedResponse, what: string): ProviderError {
  let message = "";
  try {
    const body = JSON.parse(res.text()) as { error?: { code?: string; message?: string } };
    message = body.error?.message ?? body.error?.code ?? "";
  } catch {
    message = "";
  }
  const said = redact(ctx, message ? `${message.replace(/\.$/, "")}.` : `it answered HTTP ${res.status}.`);
  const s = res.status;
  if (s === 401 || s === 403) return new ProviderError("unauthorized", `Vercel refused the token: ${said} Check the token and the team ID.`, s);
  if (s === 404) return new ProviderError("not_found", `Vercel found no ${what}: ${said}`, s);
  if (s === 429) {
    const wait = retryAfterMs(res.headers);
    const when = wait === null ? "" : ` Retry in ${Math.ceil(wait / 1000)} s.`;
    return new ProviderError("rate_limited", `Vercel is rate limiting this token: ${said}${when}`, s, wait);
  }
  if (s >= 500) return new ProviderError("provider_error", `Vercel failed (HTTP ${s}) on ${what}: ${said}`, s, s === 503 ? retryAfterMs(res.headers) : null);
  return new ProviderError("bad_request", `Vercel rejected the request for ${what} (HTTP ${s}): ${said}`, s);
}

async function call<T>(ctx: AdapterContext, what: string, method: "GET" | "POST" | "PATCH", path: string, query: Query = {}, body?: unknown): Promise<T> {
  if (ctx.signal.aborted) throw new ProviderError("unreachable", `Stopped before asking Vercel for ${what}: the deploy was aborted.`);
  const token = ctx.secrets.token;
  if (!token) throw new ProviderError("unauthorized", "This Vercel target has no API token; add one in the target's secrets.");
  const url = new URL(`${(ctx.apiBase ?? DEFAULT_API).replace(/\/+$/, "")}${path}`);
  const { teamId } = settingsOf(ctx);
  for (const [key, value] of Object.entries({ ...query, teamId })) if (value !== undefined) url.searchParams.set(key, String(value));
  let res: GuardedResponse;
  try {
    res = await guardedFetch(url.toString(), {
      policy: ctx.policy,
      method,
      headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      maxRedirects: 0,
      timeoutMs: 30_000,
      signal: ctx.signal,
    });
  } catch (error) {
    const detail = error instanceof GuardedFetchError ? error.message : String(error);
    throw new ProviderError("unreachable", redact(ctx, `Could not reach Vercel for ${what}: ${detail}`));
  }
  if (res.status < 200 || res.status > 299) throw toError(ctx, res, what);
  const text = res.text();
  if (!text.trim()) return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ProviderError("provider_error", `Vercel answered ${what} with something that is not JSON.`, res.status);
  }
}

const idOf = (d: VercelDeployment) => d.uid ?? d.id ?? "";
const stateOf = (d: VercelDeployment) => d.readyState ?? d.state ?? "";
const urlOf = (d: VercelDeployment) => (d.url ? (d.url.startsWith("http") ? d.url : `https://${d.url}`) : null);

/** READY production deployments of the project, newest first, following `pagination.next` as `until`. */
async function* readyProduction(ctx: AdapterContext): AsyncGenerator<VercelDeployment> {
  const { projectId } = settingsOf(ctx);
  let until: number | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = { projectId, target: "production", state: "READY", limit: PAGE_LIMIT, until };
    const answer = await call<ListAnswer>(ctx, "the production deployments", "GET", "/v6/deployments", query);
    for (const d of answer.deployments ?? []) if (stateOf(d) === "READY") yield d;
    const next = answer.pagination?.next;
    if (typeof next !== "number" || next === until) return;
    until = next;
  }
}

async function getDeployment(ctx: AdapterContext, id: string) {
  return call<VercelDeployment>(ctx, `deployment ${id}`, "GET", `/v13/deployments/${encodeURIComponent(id)}`);
}

function pollResult(d: VercelDeployment): PollResult {
  const raw = stateOf(d);
  const state = STATES[raw] ?? "building";
  let detail: string | null = null;
  if (state === "error") {
    const why = d.errorMessage ? `: ${d.errorMessage}` : "";
    detail = `Vercel reports the deployment failed${why}${d.errorCode ? ` (${d.errorCode})` : ""}.`;
  } else if (state === "canceled") detail = "The deployment was canceled on Vercel.";
  else if (!STATES[raw]) detail = `Vercel reports an unknown state "${raw}"; treating it as still building.`;
  return { state, url: urlOf(d), detail };
}

export const vercelAdapter: DeployAdapter = {
  async trigger(ctx) {
    const { projectId } = settingsOf(ctx);
    let current: VercelDeployment | undefined;
    for await (const d of readyProduction(ctx)) {
      current = d;
      break;
    }
    if (!current) {
      throw new ProviderError(
        "bad_request",
        `Vercel project ${projectId} has no ready production deployment to redeploy; deploy it once from Vercel (a git push or the CLI) first.`,
      );
    }
    const meta: Record<string, string> = { tminusVersion: ctx.release.version };
    if (ctx.release.commitSha) meta.commitSha = ctx.release.commitSha;
    if (ctx.deploymentTag) meta.tminusDeployment = ctx.deploymentTag;
    // Redeploy (docs: `deploymentId` = "an existing deployment to redeploy"): Vercel rebuilds that deployment's source
    // with the project's settings; `target: "production"` assigns the production domains when it is ready.
    const body = { name: current.name ?? projectId, project: projectId, deploymentId: idOf(current), target: "production", meta };
    const created = await call<VercelDeployment>(ctx, "a new deployment", "POST", "/v13/deployments", {}, body);
    const result: TriggerResult = { providerDeployId: idOf(created), url: urlOf(created), state: STATES[stateOf(created)] ?? "queued" };
    if (!result.providerDeployId) throw new ProviderError("provider_error", "Vercel accepted the deployment but returned no deployment ID.");
    ctx.log(`Vercel: redeploying ${idOf(current)} to production as ${result.providerDeployId} (${ctx.release.version}).`);
    return result;
  },

  async findTriggered(ctx) {
    if (!ctx.deploymentTag) return null;
    const { projectId } = settingsOf(ctx);
    // A few newest pages are enough: the deploy in question was asked for moments before the worker died.
    let until: number | undefined;
    for (let page = 0; page < 3; page++) {
      const answer = await call<ListAnswer>(ctx, "recent deployments", "GET", "/v6/deployments", { projectId, limit: PAGE_LIMIT, until });
      const found = (answer.deployments ?? []).find((d) => (d as { meta?: Record<string, string> }).meta?.tminusDeployment === ctx.deploymentTag);
      if (found) return { providerDeployId: idOf(found), url: urlOf(found), state: STATES[stateOf(found)] ?? "queued" };
      const next = answer.pagination?.next;
      if (typeof next !== "number" || next === until) return null;
      until = next;
    }
    return null;
  },

  async poll(ctx, providerDeployId) {
    return pollResult(await getDeployment(ctx, providerDeployId));
  },

  async logs(ctx, providerDeployId, cursor) {
    // Cursor "<created>:<event id>": `since` may return the last seen event again, so events up to it are skipped.
    const [sinceText, lastId] = cursor ? [cursor.slice(0, cursor.indexOf(":")), cursor.slice(cursor.indexOf(":") + 1)] : ["", ""];
    const since = sinceText ? Number(sinceText) : undefined;
    const query = { direction: "forward", follow: 0, limit: EVENTS_LIMIT, since };
    const events = await call<VercelEvent[]>(ctx, `the build events of ${providerDeployId}`, "GET", `/v3/deployments/${encodeURIComponent(providerDeployId)}/events`, query);
    const list = Array.isArray(events) ? events : [];
    let skipThrough = lastId && list.some((e) => e.created === since && e.payload?.id === lastId) ? lastId : "";
    const lines: string[] = [];
    let next = cursor;
    for (const e of list) {
      const created = e.created ?? e.payload?.date ?? 0;
      if (since !== undefined && (created < since || (!lastId && created === since))) continue;
      if (skipThrough) {
        if (e.payload?.id === skipThrough) skipThrough = "";
        continue;
      }
      next = `${created}:${e.payload?.id ?? ""}`;
      const text = (e.payload?.text ?? e.text ?? "").replace(/\s+$/, "");
      if (text) lines.push(redact(ctx, text));
    }
    return { lines, cursor: next };
  },

  async cancel(ctx, providerDeployId) {
    await call(ctx, `canceling ${providerDeployId}`, "PATCH", `/v12/deployments/${encodeURIComponent(providerDeployId)}/cancel`);
    ctx.log(`Vercel: asked to cancel ${providerDeployId}.`);
  },

  async previousGood(ctx, currentId) {
    async function* ids() {
      for await (const d of readyProduction(ctx)) yield { id: idOf(d) };
    }
    return previousGoodOf(ids(), currentId, () => true);
  },

  async rollback(ctx, providerDeployId) {
    const { projectId } = settingsOf(ctx);
    const path = `/v1/projects/${encodeURIComponent(projectId)}/rollback/${encodeURIComponent(providerDeployId)}`;
    await call(ctx, `rolling back to ${providerDeployId}`, "POST", path, { description: `Rollback by T-Minus (${ctx.target.name})` });
    ctx.log(`Vercel: production domains now point at ${providerDeployId} (instant rollback, no rebuild).`);
    const polled = pollResult(await getDeployment(ctx, providerDeployId));
    return { providerDeployId, url: polled.url, state: polled.state };
  },
};
