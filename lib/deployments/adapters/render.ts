import { bearerRequest, previousGoodOf, type BearerApi } from "./provider-http";
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

const RENDER: BearerApi = {
  provider: "Render",
  secretKey: "apiKey",
  credential: "API key",
  credentialShort: "API key",
  idName: "service ID",
  resource: "service",
  missingCredential: "The Render target has no API key; add one to the target's secrets (a deploy hook alone cannot watch or roll back deploys).",
  maxBodyBytes: 4 * 1024 * 1024,
};
const request = <T>(ctx: AdapterContext, method: "GET" | "POST", url: string, doing: string, body?: unknown) => bearerRequest<T>(RENDER, ctx, method, url, doing, body);

function service(ctx: AdapterContext): string {
  const id = ctx.settings.serviceId;
  if (typeof id !== "string" || !id) throw new ProviderError("bad_request", "The Render target has no service ID; set it in the target's settings.");
  return `${(ctx.apiBase ?? RENDER_API_BASE).replace(/\/+$/, "")}/services/${encodeURIComponent(id)}`;
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
    const { data, res } = await request<RenderDeploy>(ctx, "POST", `${service(ctx)}/deploys`, "start a deploy", body);
    const status = res.status;
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
    // Deploys that went live, newest first.
    return previousGoodOf(deploys(ctx), currentId, (d) => SUCCEEDED.has(d.status ?? ""));
  },

  async rollback(ctx, providerDeployId): Promise<TriggerResult> {
    const { data } = await request<RenderDeploy>(ctx, "POST", `${service(ctx)}/rollback`, `roll back to deploy ${providerDeployId}`, { deployId: providerDeployId });
    if (!data?.id) throw new ProviderError("provider_error", `Render accepted the rollback to deploy ${providerDeployId} but did not say which deploy it started.`);
    ctx.log(`Render is rolling back to deploy ${providerDeployId} (new deploy ${data.id}).`);
    ctx.log("Render rollbacks do not turn off auto-deploy: the next push to the service's branch will deploy again unless auto-deploy is turned off.");
    return { providerDeployId: data.id, url: null, state: renderState(data.status) };
  },
};
