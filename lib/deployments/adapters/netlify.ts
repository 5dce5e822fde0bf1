import type { IncomingHttpHeaders } from "node:http";
import type { GuardedResponse } from "../../net/guarded-fetch";
import { bearerRequest, headerValue, previousGoodOf, redactSecrets, type BearerApi } from "./provider-http";
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

const NETLIFY: BearerApi = {
  provider: "Netlify",
  secretKey: "token",
  credential: "API token",
  credentialShort: "token",
  idName: "site ID",
  resource: "site",
  missingCredential: "The Netlify target has no API token; add one to the target's secrets (a build hook alone cannot watch or roll back deploys).",
  maxBodyBytes: 8 * 1024 * 1024,
};
const request = <T>(ctx: AdapterContext, method: "GET" | "POST", url: string, doing: string, body?: unknown) => bearerRequest<T>(NETLIFY, ctx, method, url, doing, body);

function base(ctx: AdapterContext): string {
  return (ctx.apiBase ?? NETLIFY_API_BASE).replace(/\/+$/, "");
}

function siteIdOf(ctx: AdapterContext): string {
  const id = ctx.settings.siteId;
  if (typeof id !== "string" || !id) throw new ProviderError("bad_request", "The Netlify target has no site ID; set it in the target's settings.");
  return id;
}

function deployUrl(deploy: NetlifyDeploy): string | null {
  return deploy.deploy_ssl_url ?? deploy.ssl_url ?? deploy.url ?? null;
}

/** The `rel="next"` URL of a Link header, only when it stays on the API's origin (the token goes with it). */
function nextLink(headers: IncomingHttpHeaders, apiBase: string): string | null {
  const link = headerValue(headers, "link");
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
    if (!data) throw new ProviderError("provider_error", `Netlify answered with nothing when asked to read deploy ${providerDeployId}.`);
    const state = netlifyState(data);
    const reason = data.error_message ? redactSecrets(data.error_message, ctx) : null;
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
    // Ready production deploys, newest first, following the Link header page by page.
    async function* deploys() {
      let url: string | null = `${base(ctx)}/sites/${encodeURIComponent(site)}/deploys?production=true&state=ready&page=1&per_page=${PER_PAGE}`;
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const { data, res }: { data: NetlifyDeploy[] | null; res: GuardedResponse } = await request<NetlifyDeploy[]>(ctx, "GET", url, `list the deploys of site ${site}`);
        yield* data ?? [];
        url = nextLink(res.headers, base(ctx));
      }
    }
    return previousGoodOf(deploys(), currentId, (d) => d.state === "ready" && (d.context === undefined || d.context === "production"));
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
