import { guardedFetch, GuardedFetchError, type GuardedResponse } from "../../net/guarded-fetch";
import { sleep } from "./provider-http";
import { ProviderError, type AdapterContext, type DeployAdapter, type PollResult, type ProviderDeployState } from "./types";

// GitHub Actions: a deploy is a `workflow_dispatch` run of the target's workflow with inputs { version, environment }.
// REST API version 2022-11-28 (docs.github.com/rest/actions/workflows, …/workflow-runs). ctx.apiBase is
// https://api.github.com by default; GitHub Enterprise Server answers at https://HOST/api/v3.

export const GITHUB_API_BASE = "https://api.github.com";
/** How long trigger looks for the run when the dispatch answer carries no run id (GHES without return_run_details). */
export const RUN_LOOKUP_DELAYS_MS = [0, 1000, 2000, 3000, 4000, 5000, 5000, 5000, 5000];
// The worker's clock and GitHub's may differ a little; runs created this long before the dispatch still count.
const CLOCK_SLACK_MS = 5000;

type Settings = { owner: string; repo: string; workflow: string; ref: string };
type Run = { id: number; status: string; conclusion: string | null; html_url: string | null; created_at: string; head_branch?: string | null; run_number?: number };

function settingsOf(ctx: AdapterContext): Settings {
  const s = ctx.settings as Partial<Settings>;
  return { owner: String(s.owner ?? ""), repo: String(s.repo ?? ""), workflow: String(s.workflow ?? ""), ref: String(s.ref || "main") };
}

function tokenOf(ctx: AdapterContext): string {
  const token = ctx.secrets.token;
  if (!token) throw new ProviderError("unauthorized", "This target has no GitHub token: add one with the actions:write permission on the repository.");
  return token;
}

/** Removes the token from anything a server (or a proxy) echoes back, before it reaches a log or an error. */
function redact(text: string, token: string): string {
  return token ? text.split(token).join("[redacted]") : text;
}

const header = (res: GuardedResponse, name: string) => {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function messageOf(res: GuardedResponse): string {
  try {
    const body = JSON.parse(res.text()) as { message?: unknown };
    if (typeof body.message === "string" && body.message) return body.message.slice(0, 500);
  } catch {
    /* not JSON */
  }
  return `HTTP ${res.status}`;
}

/** Rate limits (docs: "Troubleshooting the REST API"): 403 or 429, with retry-after, or x-ratelimit-remaining 0. */
function retryAfterMs(res: GuardedResponse): number | null {
  const retryAfter = Number(header(res, "retry-after"));
  if (header(res, "retry-after") !== undefined && Number.isFinite(retryAfter)) return Math.max(0, retryAfter * 1000);
  if (header(res, "x-ratelimit-remaining") === "0") {
    const reset = Number(header(res, "x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - Date.now());
  }
  return null;
}

function errorFor(res: GuardedResponse, what: string, token: string): ProviderError {
  const said = redact(messageOf(res), token);
  const wait = retryAfterMs(res);
  const limited = res.status === 429 || (res.status === 403 && (wait !== null || /rate limit/i.test(said)));
  if (limited) {
    // Without either header the docs ask to wait at least a minute.
    const ms = wait ?? 60_000;
    return new ProviderError("rate_limited", `GitHub rate-limited ${what} (${said}); retrying in ${Math.ceil(ms / 1000)} s.`, res.status, ms);
  }
  if (res.status === 401) return new ProviderError("unauthorized", `GitHub refused the token while ${what} (${said}): it is invalid or expired.`, 401);
  if (res.status === 403) {
    return new ProviderError("unauthorized", `GitHub refused ${what} (${said}): the token needs the actions:write permission on the repository.`, 403);
  }
  if (res.status === 404) {
    return new ProviderError("not_found", `GitHub found nothing while ${what} (${said}): check owner, repo and workflow, and that the token can see the repository.`, 404);
  }
  if (res.status === 400 || res.status === 409 || res.status === 422) return new ProviderError("bad_request", `GitHub rejected ${what}: ${said}.`, res.status);
  return new ProviderError("provider_error", `GitHub answered ${res.status} while ${what}: ${said}.`, res.status, res.status === 503 ? wait : null);
}

async function call(ctx: AdapterContext, method: "GET" | "POST", path: string, what: string, body?: unknown): Promise<GuardedResponse> {
  const token = tokenOf(ctx);
  if (ctx.signal.aborted) throw new ProviderError("unreachable", `Stopped before ${what}: the deploy was aborted.`);
  const base = (ctx.apiBase ?? GITHUB_API_BASE).replace(/\/+$/, "");
  try {
    return await guardedFetch(`${base}${path}`, {
      policy: ctx.policy,
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 30_000,
      signal: ctx.signal,
    });
  } catch (error) {
    if (error instanceof GuardedFetchError) throw new ProviderError("unreachable", redact(error.message, token));
    throw error;
  }
}

const repoPath = (s: Settings) => `/repos/${encodeURIComponent(s.owner)}/${encodeURIComponent(s.repo)}`;
const workflowPath = (s: Settings) => `${repoPath(s)}/actions/workflows/${encodeURIComponent(s.workflow)}`;

function json<T>(res: GuardedResponse, what: string): T {
  try {
    return JSON.parse(res.text()) as T;
  } catch {
    throw new ProviderError("provider_error", `GitHub answered ${what} with something that is not JSON.`, res.status);
  }
}



/** Without a run id in the answer: the newest workflow_dispatch run on the ref created since the dispatch. */
async function findRun(ctx: AdapterContext, s: Settings, since: Date): Promise<Run> {
  const branch = s.ref.replace(/^refs\/(heads|tags)\//, "");
  const created = new Date(since.getTime() - CLOCK_SLACK_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const query = new URLSearchParams({ event: "workflow_dispatch", branch, created: `>=${created}`, per_page: "20" });
  for (const delay of RUN_LOOKUP_DELAYS_MS) {
    await sleep(delay, ctx.signal);
    if (ctx.signal.aborted) break;
    const res = await call(ctx, "GET", `${workflowPath(s)}/runs?${query}`, "listing the workflow's runs");
    if (res.status !== 200) throw errorFor(res, "listing the workflow's runs", tokenOf(ctx));
    const runs = json<{ workflow_runs?: Run[] }>(res, "the run list").workflow_runs ?? [];
    const newest = runs
      .filter((r) => Date.parse(r.created_at) >= since.getTime() - CLOCK_SLACK_MS)
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id)[0];
    if (newest) return newest;
  }
  const waited = RUN_LOOKUP_DELAYS_MS.reduce((a, b) => a + b, 0) / 1000;
  throw new ProviderError("provider_error", `GitHub accepted the dispatch of ${s.workflow} but no run of it appeared on ${branch} within ${waited} s.`);
}

function stateOf(run: Run): ProviderDeployState {
  if (run.status === "in_progress") return "building";
  if (run.status !== "completed") return "queued"; // queued, requested, waiting, pending
  if (run.conclusion === "success") return "ready";
  if (run.conclusion === "cancelled") return "canceled";
  return "error"; // failure, timed_out, startup_failure, action_required, neutral, skipped, stale
}

export const githubActionsAdapter: DeployAdapter = {
  async trigger(ctx) {
    const s = settingsOf(ctx);
    const token = tokenOf(ctx);
    const what = `dispatching ${s.workflow} in ${s.owner}/${s.repo}`;
    const body = { ref: s.ref, inputs: { version: ctx.release.version, environment: ctx.target.environment } };
    const since = new Date();
    // return_run_details (GitHub changelog 2026-02-19) answers 200 with the run id; GHES versions without it may
    // reject the unknown field (then it is sent again without it) or ignore it and answer 204 (then the run is looked up).
    let res = await call(ctx, "POST", `${workflowPath(s)}/dispatches`, what, { ...body, return_run_details: true });
    if ((res.status === 400 || res.status === 422) && /return_run_details/i.test(messageOf(res))) {
      res = await call(ctx, "POST", `${workflowPath(s)}/dispatches`, what, body);
    }
    if (res.status !== 200 && res.status !== 204) throw errorFor(res, what, token);
    ctx.log(`Dispatched workflow ${s.workflow} on ${s.ref} in ${s.owner}/${s.repo} with version ${ctx.release.version}.`);
    let runId: number | null = null;
    let url: string | null = null;
    if (res.status === 200) {
      const details = json<{ workflow_run_id?: number; html_url?: string }>(res, "the dispatch");
      if (typeof details.workflow_run_id === "number") [runId, url] = [details.workflow_run_id, details.html_url ?? null];
    }
    if (runId === null) {
      const run = await findRun(ctx, s, since);
      [runId, url] = [run.id, run.html_url];
    }
    ctx.log(`Workflow run ${runId}${url ? `: ${url}` : ""}`);
    return { providerDeployId: String(runId), url, state: "queued" };
  },

  async poll(ctx, providerDeployId): Promise<PollResult> {
    const s = settingsOf(ctx);
    const what = `reading workflow run ${providerDeployId}`;
    const res = await call(ctx, "GET", `${repoPath(s)}/actions/runs/${encodeURIComponent(providerDeployId)}`, what);
    if (res.status !== 200) throw errorFor(res, what, tokenOf(ctx));
    const run = json<Run>(res, "the run");
    const state = stateOf(run);
    const detail =
      state === "error" ? `Workflow run ${run.run_number ? `#${run.run_number} ` : ""}finished with conclusion "${run.conclusion ?? "unknown"}".`
      : state === "canceled" ? "The workflow run was cancelled."
      : null;
    return { state, url: run.html_url ?? null, detail };
  },

  async cancel(ctx, providerDeployId) {
    const s = settingsOf(ctx);
    const what = `cancelling workflow run ${providerDeployId}`;
    const res = await call(ctx, "POST", `${repoPath(s)}/actions/runs/${encodeURIComponent(providerDeployId)}/cancel`, what);
    // 409: the run already completed, so there is nothing left to cancel.
    if (res.status === 409) {
      ctx.log(`Workflow run ${providerDeployId} had already finished; nothing to cancel.`);
      return;
    }
    if (res.status !== 202 && res.status !== 200 && res.status !== 204) throw errorFor(res, what, tokenOf(ctx));
    ctx.log(`Asked GitHub to cancel workflow run ${providerDeployId}.`);
  },
};
