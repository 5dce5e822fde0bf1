import { guardedFetch, GuardedFetchError, type GuardedResponse } from "@/lib/net/guarded-fetch";
import type { EngineContext, RequestBudget } from "./engine";

// Which pages of a target a browser run visits: its sitemap, a same-origin crawl of <a href>, or a list of paths.
// Every request goes through guardedFetch; a policy refusal is thrown (the run cannot measure), anything else is logged.
// Each fetch is taken from the run's request budget when one is given; discovery stops where the budget does.

export type PageSource = "sitemap" | "crawl" | "list";
export type DiscoverOptions = { source: PageSource; paths?: string[]; maxPages: number; budget?: RequestBudget };
const OUT_OF_BUDGET = "the run's request limit was reached";

const FETCH_TIMEOUT_MS = 10_000;
const MAX_HTML_BYTES = 2 * 1024 * 1024;
const MAX_SITEMAP_BYTES = 5 * 1024 * 1024;
// A sitemap index may list thousands of sitemaps; a run audits at most 50 pages, so a few files are enough.
const MAX_CHILD_SITEMAPS = 5;
// A crawl stops after this many fetches per wanted page, so a site of 404s and PDFs cannot keep it busy.
const CRAWL_FETCHES_PER_PAGE = 4;
const NOT_A_PAGE = /\.(png|jpe?g|gif|svg|webp|avif|ico|bmp|pdf|zip|gz|tgz|rar|7z|mp3|mp4|webm|mov|avi|wav|ogg|css|js|mjs|json|xml|txt|csv|woff2?|ttf|otf|eot|exe|dmg|apk)$/i;

/** The base URL as a directory, so relative paths resolve under it (http://h/app → http://h/app/). */
export function baseDirectory(baseUrl: string): URL {
  const base = new URL(baseUrl);
  base.hash = "";
  base.search = "";
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  return base;
}

/**
 * A page's path and query relative to the base URL, for fingerprints and titles: the same on every run whatever the
 * host or port ("http://127.0.0.1:4101/app/pricing?x=1" under "http://…/app" → "/pricing?x=1").
 */
export function pagePath(url: string, baseUrl: string): string {
  const page = new URL(url);
  const prefix = baseDirectory(baseUrl).pathname.slice(0, -1);
  const path = prefix && page.pathname.startsWith(`${prefix}/`) ? page.pathname.slice(prefix.length) : page.pathname;
  return `${path || "/"}${page.search}`;
}

/** A path from settings as an absolute URL under the base; null (and a log line) for another origin. */
export function resolvePath(path: string, ctx: Pick<EngineContext, "baseUrl" | "log">): string | null {
  const base = baseDirectory(ctx.baseUrl);
  const url = /^[a-z][a-z0-9+.-]*:/i.test(path) ? new URL(path) : new URL(path.replace(/^\/+/, ""), base);
  if (url.origin !== base.origin) {
    ctx.log("warn", `Skipped ${path}: it is not on ${base.origin}, and runs visit only the target's own pages.`);
    return null;
  }
  url.hash = "";
  return url.toString();
}

/** Absolute same-origin page URLs, at most maxPages, in a stable order. Throws only for a policy refusal. */
export async function discoverPages(ctx: EngineContext, options: DiscoverOptions): Promise<string[]> {
  if (options.source === "list") return listed(ctx, options.paths ?? ["/"], options.maxPages);
  if (options.source === "sitemap") {
    const fromSitemap = await sitemapPages(ctx, options.maxPages, options.budget);
    if (fromSitemap.pages.length) return fromSitemap.pages;
    if (options.budget?.exhausted) return [];
    ctx.log("info", `${fromSitemap.why}; discovering pages by following links from ${pagePath(ctx.baseUrl, ctx.baseUrl)} instead.`);
  }
  return crawl(ctx, options.maxPages, options.budget);
}

function listed(ctx: EngineContext, paths: string[], maxPages: number): string[] {
  const urls = paths.map((p) => resolvePath(p, ctx)).filter((u): u is string => u !== null);
  const unique = [...new Set(urls)];
  if (unique.length > maxPages) ctx.log("info", `Visiting the first ${maxPages} of ${unique.length} listed paths (the page limit).`);
  return unique.slice(0, maxPages);
}

async function fetchPage(ctx: EngineContext, url: string, maxBodyBytes: number, budget: RequestBudget | undefined): Promise<GuardedResponse | string> {
  if (budget && !budget.take()) return OUT_OF_BUDGET;
  try {
    return await guardedFetch(url, { policy: ctx.policy, lookup: ctx.lookup, signal: ctx.signal, timeoutMs: FETCH_TIMEOUT_MS, maxBodyBytes });
  } catch (error) {
    if (error instanceof GuardedFetchError && error.code === "refused_by_policy") throw error;
    return error instanceof Error ? error.message : String(error);
  }
}

async function sitemapPages(ctx: EngineContext, maxPages: number, budget: RequestBudget | undefined): Promise<{ pages: string[]; why: string }> {
  const base = baseDirectory(ctx.baseUrl);
  const sitemapUrl = new URL("sitemap.xml", base).toString();
  const shown = pagePath(sitemapUrl, ctx.baseUrl);
  const res = await fetchPage(ctx, sitemapUrl, MAX_SITEMAP_BYTES, budget);
  if (typeof res === "string") return { pages: [], why: `Could not read ${shown} (${res})` };
  if (res.status !== 200) return { pages: [], why: `There is no sitemap at ${shown} (HTTP ${res.status})` };
  const xml = res.text();
  let locations = locs(xml);
  if (/<sitemapindex[\s>]/i.test(xml)) locations = await childSitemapLocations(ctx, locations, base, budget);
  const pages = [...new Set(locations.filter((u) => isUnder(u, base)).map(withoutHash))].slice(0, maxPages);
  return { pages, why: pages.length ? "" : `The sitemap at ${shown} lists no pages on ${base.origin}` };
}

async function childSitemapLocations(ctx: EngineContext, sitemaps: string[], base: URL, budget: RequestBudget | undefined): Promise<string[]> {
  const own = sitemaps.filter((u) => isUnder(u, base)).slice(0, MAX_CHILD_SITEMAPS);
  if (sitemaps.length > own.length) ctx.log("info", `Reading ${own.length} of the ${sitemaps.length} sitemaps in the sitemap index.`);
  const found: string[] = [];
  for (const url of own) {
    if (ctx.signal.aborted || budget?.exhausted) break;
    const res = await fetchPage(ctx, url, MAX_SITEMAP_BYTES, budget);
    if (typeof res === "string" || res.status !== 200) {
      ctx.log("warn", `Could not read the sitemap ${pagePath(url, ctx.baseUrl)}: ${typeof res === "string" ? res : `HTTP ${res.status}`}.`);
      continue;
    }
    found.push(...locs(res.text()));
  }
  return found;
}

async function crawl(ctx: EngineContext, maxPages: number, budget: RequestBudget | undefined): Promise<string[]> {
  const base = baseDirectory(ctx.baseUrl);
  const queue = [base.toString()];
  const seen = new Set(queue);
  const pages: string[] = [];
  for (let fetches = 0; queue.length && pages.length < maxPages && fetches < maxPages * CRAWL_FETCHES_PER_PAGE; fetches++) {
    if (ctx.signal.aborted) break;
    if (budget?.exhausted) {
      ctx.log("warn", `Stopped discovering pages after ${pages.length}: ${OUT_OF_BUDGET}.`);
      break;
    }
    const url = queue.shift()!;
    const res = await fetchPage(ctx, url, MAX_HTML_BYTES, budget);
    if (typeof res === "string") {
      ctx.log("warn", `Could not load ${pagePath(url, ctx.baseUrl)} while discovering pages: ${res}`);
      continue;
    }
    const final = withoutHash(res.url);
    if (res.status >= 400 || !isHtml(res) || !isUnder(final, base) || pages.includes(final)) continue;
    pages.push(final);
    for (const link of links(res.text(), final)) {
      if (isUnder(link, base) && !seen.has(link) && !NOT_A_PAGE.test(new URL(link).pathname)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  return pages;
}

const isHtml = (res: GuardedResponse) => /\btext\/html\b|application\/xhtml\+xml/i.test(String(res.headers["content-type"] ?? ""));

function isUnder(url: string, base: URL): boolean {
  try {
    const u = new URL(url);
    return u.origin === base.origin && `${u.pathname}/`.startsWith(base.pathname);
  } catch {
    return false;
  }
}

function withoutHash(url: string): string {
  const u = new URL(url);
  u.hash = "";
  return u.toString();
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decodeEntities = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (match, e: string) => {
    if (e[0] !== "#") return ENTITIES[e.toLowerCase()];
    const code = e[1].toLowerCase() === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });

/** <loc> values of a sitemap or sitemap index (CDATA and entities undone). */
function locs(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<loc>\s*(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?\s*<\/loc>/gi)) out.push(decodeEntities(m[1].trim()));
  return out;
}

/** Absolute http(s) URLs of the <a href> links in an HTML page, without fragments. */
function links(html: string, pageUrl: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
    const href = decodeEntities((m[1] ?? m[2] ?? m[3]).trim());
    try {
      const url = new URL(href, pageUrl);
      if (url.protocol === "http:" || url.protocol === "https:") out.push(withoutHash(url.toString()));
    } catch {
      // An href that is not a URL is not a page to visit.
    }
  }
  return out;
}
