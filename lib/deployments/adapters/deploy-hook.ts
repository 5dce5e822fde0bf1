import { guardedFetch, GuardedFetchError, type GuardedResponse } from "../../net/guarded-fetch";
import { ProviderError, type AdapterContext, type DeployAdapter } from "./types";

// Deploy hooks (Vercel, Netlify build hooks, Render) are secret URLs: a POST with no auth starts a build. The URL is
// the credential, so it never appears in a log line or an error message: only its origin does, as "https://host/…".
// Hooks have no status API, so poll cannot follow the build.

export const HOOK_POLL_DETAIL = "The provider accepted the hook; it does not report build progress";

function hookUrlOf(ctx: AdapterContext): { raw: string; url: URL; shown: string } {
  const raw = ctx.secrets.deployHookUrl?.trim() ?? "";
  if (!raw) throw new ProviderError("bad_request", "This target has no deploy hook URL; add it in the target's secrets.");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProviderError("bad_request", "The deploy hook URL in this target's secrets is not a valid URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ProviderError("bad_request", `The deploy hook URL must be http or https, not ${url.protocol}//.`);
  }
  return { raw, url, shown: `${url.origin}/…` };
}

/** Replaces the hook URL, and any piece of its path or query, with "<origin>/…". */
export function redactHook(text: string, hook: { raw: string; url: URL; shown: string }): string {
  let out = text.split(hook.raw).join(hook.shown).split(hook.url.toString()).join(hook.shown);
  const secrets = [`${hook.url.pathname}${hook.url.search}`, hook.url.search, ...hook.url.pathname.split("/")]
    .concat([...hook.url.searchParams.values()])
    // Segments that look generated (digits, capitals, _ or -), not words such as "deploy" or "integrations".
    .filter((piece) => piece.length >= 8 && /[0-9A-Z_\-?=]/.test(piece))
    .sort((a, b) => b.length - a.length);
  for (const piece of secrets) out = out.split(piece).join("/…");
  return out;
}

function idFrom(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const o = parsed as { job?: { id?: unknown }; deploy?: { id?: unknown }; id?: unknown } | null;
  // Vercel: {"job":{"id","state","createdAt"}}; Render: {"deploy":{"id"}}; others: {"id"} or nothing.
  const id = o?.job?.id ?? o?.deploy?.id ?? o?.id;
  return typeof id === "string" && id ? id : null;
}

function toError(res: GuardedResponse, shown: string): ProviderError {
  const s = res.status;
  const at = `The deploy hook at ${shown}`;
  if (s === 401 || s === 403) return new ProviderError("unauthorized", `${at} refused the call (HTTP ${s}); the hook may have been regenerated.`, s);
  if (s === 404) return new ProviderError("not_found", `${at} does not exist (HTTP 404); it was deleted or regenerated: copy the new URL into the target.`, s);
  if (s === 429 || s === 503) {
    const seconds = Number(res.headers["retry-after"]);
    const wait = Number.isFinite(seconds) && res.headers["retry-after"] ? seconds * 1000 : null;
    return new ProviderError(s === 429 ? "rate_limited" : "provider_error", `${at} is busy (HTTP ${s}); try again later.`, s, wait);
  }
  if (s >= 500) return new ProviderError("provider_error", `${at} failed (HTTP ${s}).`, s);
  return new ProviderError("bad_request", `${at} rejected the call (HTTP ${s}).`, s);
}

export const deployHookAdapter: DeployAdapter = {
  async trigger(ctx) {
    const hook = hookUrlOf(ctx);
    if (ctx.signal.aborted) throw new ProviderError("unreachable", "Stopped before calling the deploy hook: the deploy was aborted.");
    let res: GuardedResponse;
    try {
      res = await guardedFetch(hook.url.toString(), {
        policy: ctx.policy,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
        timeoutMs: 30_000,
        signal: ctx.signal,
      });
    } catch (error) {
      const detail = error instanceof GuardedFetchError ? error.message : String(error);
      throw new ProviderError("unreachable", `Could not call the deploy hook at ${hook.shown}: ${redactHook(detail, hook)}`);
    }
    if (res.status < 200 || res.status > 299) throw toError(res, hook.shown);
    const providerId = idFrom(res.text());
    const providerDeployId = providerId ?? `hook-${Date.now()}`;
    const named = providerId ? ` (job ${redactHook(providerId, hook)})` : "";
    ctx.log(`Called the deploy hook at ${hook.shown}: HTTP ${res.status}${named}. Hooks report no build progress; follow the build on the provider.`);
    return { providerDeployId, url: null, state: "queued" };
  },

  async poll() {
    return { state: "ready", url: null, detail: HOOK_POLL_DETAIL };
  },
};
