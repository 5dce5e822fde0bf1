import { guardedFetch, GuardedFetchError, type GuardedResponse } from "@/lib/net/guarded-fetch";
import { fingerprint, type Engine, type EngineContext, type EngineFinding, type EngineResult } from "@/lib/qa/engine";
import { linksSettings, type TLinksSettings } from "./links-settings";
import { insecureResources, parseHtml, parseSitemap, type HtmlRef, type ParsedHtml, type RefKind } from "@/lib/qa/html";

// Links and smoke (issue 9, research A.4 / D.1.5): crawl the target's own pages breadth-first, check every distinct
// URL they link to or load once, and report what a visitor would hit. Internal breakage gates the run; external
// links only warn unless asked, and a 429 that outlives its retries is a warning, never a broken link.

// ---------------------------------------------------------------------------------------------------------------
// Settings


// ---------------------------------------------------------------------------------------------------------------
// Constants

const MAX_RETRIES = 2;
const MAX_RETRY_WAIT_MS = 30_000;
const MAX_REDIRECTS = 5;
/** A chain longer than this is reported (minor): each hop costs a visitor a round trip. */
const LONG_REDIRECT_CHAIN = 3;
const PAGE_MAX_BYTES = 2 * 1024 * 1024;
const SITEMAP_MAX_BYTES = 1024 * 1024;
const SITEMAP_MAX_CHILDREN = 3;
/** Only the status matters for a check: the body is cut short at once. */
const CHECK_MAX_BYTES = 1024;
const PAGE_LIST_CAP = 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Linked files, not pages: checked with HEAD instead of spending a page of the crawl budget on them.
const NOT_A_PAGE = /\.(png|jpe?g|gif|webp|avif|svg|ico|bmp|pdf|zip|gz|tgz|bz2|7z|rar|mp4|webm|mov|mp3|wav|ogg|woff2?|ttf|otf|eot|css|js|mjs|json|xml|txt|csv|dmg|exe|msi|apk|deb|rpm)$/i;
const START_PATHS_LABEL = "the startPaths setting";
const STOP_SENTENCES: Record<"cancelled" | "duration" | "requests", (maxRequests: number) => string> = {
  cancelled: () => "the run was cancelled",
  duration: () => "the run's time limit was reached",
  requests: (max) => `the request limit (${max.toLocaleString("en-US")}) was reached`,
};

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

/** Milliseconds a Retry-After header asks for (delta-seconds or an HTTP date), capped at 30 s; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_WAIT_MS);
  // Every HTTP date form starts with the day's name; Date.parse alone would read "-5" as a year.
  const at = /^[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), MAX_RETRY_WAIT_MS);
}

/** How long to wait before asking again, or null for an answer that is final. */
function retryWait(response: GuardedResponse, retry: number): number | null {
  const asked = parseRetryAfter(response.headers["retry-after"]);
  if (response.status === 429) return asked ?? Math.min(1000 * 2 ** retry, MAX_RETRY_WAIT_MS);
  // A 503 without Retry-After is a broken server, not a busy one: retrying it only slows the run.
  if (response.status === 503) return asked;
  return null;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.size) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the releaser hands its slot over
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function listPages(pages: string[]): string {
  if (pages.length <= 3) return pages.join(", ").replace(/, ([^,]*)$/, " and $1");
  return `${pages.slice(0, 3).join(", ")} and ${plural(pages.length - 3, "more page")}`;
}

function isHtml(response: GuardedResponse): boolean {
  const type = String(response.headers["content-type"] ?? "").toLowerCase();
  if (type) return type.includes("text/html") || type.includes("application/xhtml+xml");
  return /^\s*(<!doctype html|<html)/i.test(response.body.subarray(0, 200).toString("utf8"));
}

const KIND_WORDS: Record<RefKind, string> = {
  link: "link",
  image: "image",
  script: "script",
  stylesheet: "stylesheet",
  icon: "icon",
  media: "media file",
  frame: "embedded frame",
};

// ---------------------------------------------------------------------------------------------------------------
// What a check found

type Check = {
  /** Final status after redirects; absent when nothing answered. */
  status?: number;
  /** A sentence when nothing answered (connection, DNS, TLS, timeout, too many redirects). */
  error?: string;
  /** The network policy refused the address: not the target's fault, so never a broken link. */
  refused?: boolean;
  /** Still 429 after the retries. */
  rateLimited?: boolean;
  /** Each redirect's target, in order. */
  hops: string[];
  /** Time to the full body, redirects included and retry waits excluded. */
  ms: number;
};

type Entry = {
  url: URL;
  key: string;
  internal: boolean;
  /** Pages (by location) that link here, and pages that load it as a resource (with what it is to them). */
  linkedFrom: Set<string>;
  loadedBy: Map<string, RefKind>;
  /** Put on the crawl's queue (it may still fall outside the page budget). */
  queued: boolean;
  check?: Check;
};

type Sent = { response?: GuardedResponse; error?: string; refused?: boolean; ms: number; stopped?: boolean };
type Followed = Check & { response?: GuardedResponse; finalUrl?: URL; stopped?: boolean };
type Page = { location: string; ms: number; title: string | null };
type StopReason = "cancelled" | "duration" | "requests";

// ---------------------------------------------------------------------------------------------------------------
// The crawl

class LinksRun {
  private readonly base: URL;
  private readonly abort = new AbortController();
  private readonly deadline: number;
  private readonly started = Date.now();
  private readonly global: Semaphore;
  private readonly hosts = new Map<string, Semaphore>();
  private readonly entries = new Map<string, Entry>();
  private readonly crawledFinal = new Set<string>();
  private readonly pages: Page[] = [];
  private readonly insecure = new Map<string, { kind: RefKind; pages: Set<string> }>();
  private nextLevel: Entry[] = [];
  private pagesScheduled = 0;
  private pageLimitReached = false;
  private requestsSent = 0;
  private stoppedBy: StopReason | null = null;
  private sitemapUrls = 0;
  private done = 0;
  private known = 0;

  constructor(
    private readonly settings: TLinksSettings,
    private readonly ctx: EngineContext,
  ) {
    this.base = new URL(ctx.baseUrl);
    this.global = new Semaphore(settings.concurrency);
    // Stop a little before the runner's hard limit so there is time to hand back what was found.
    const budget = ctx.limits.maxDurationMs - Math.min(5000, ctx.limits.maxDurationMs * 0.05);
    this.deadline = this.started + budget;
  }

  get signal() {
    return this.abort.signal;
  }

  async run(): Promise<EngineResult> {
    const onCancel = () => this.stop("cancelled");
    if (this.ctx.signal.aborted) onCancel();
    this.ctx.signal.addEventListener("abort", onCancel, { once: true });
    const timer = setTimeout(() => this.stop("duration"), Math.max(0, this.deadline - Date.now()));
    try {
      return await this.crawlAndCheck();
    } finally {
      clearTimeout(timer);
      this.ctx.signal.removeEventListener("abort", onCancel);
    }
  }

  private stop(reason: StopReason) {
    if (this.stoppedBy) return;
    this.stoppedBy = reason;
    this.ctx.log("warn", `Stopping: ${STOP_SENTENCES[reason](this.ctx.limits.maxRequests)}; reporting what was checked so far.`);
    // At the request limit, requests in flight may finish; otherwise stop them.
    if (reason !== "requests") this.abort.abort();
  }

  private async crawlAndCheck(): Promise<EngineResult> {
    const { maxPages, concurrency } = this.settings;
    this.ctx.log("info", `Crawling ${this.base.origin} from ${this.settings.startPaths.join(", ")}: up to ${plural(maxPages, "page")}, ${concurrency} requests at a time.`);
    const [first, ...others] = this.settings.startPaths.map((p) => this.entryFor(this.resolvePath(p)));
    for (const entry of [first, ...others]) entry.linkedFrom.add(START_PATHS_LABEL);
    const failure = await this.crawlStartPage(first);
    if (failure) return this.errorResult(failure);
    const level = [...others, ...(await this.readSitemap())].filter((e) => this.enqueue(e));
    await this.crawl(level);
    await this.checkRemaining();
    this.ctx.progress(1, `Checked ${plural(this.checkedCount(), "URL")} on ${plural(this.pages.length, "page")}`);
    return this.result();
  }

  // ----- URLs and entries

  /** A start path or the sitemap, under the base URL's own path when it has one (http://host/app + /about). */
  private resolvePath(path: string): URL {
    const prefix = this.base.pathname.replace(/\/$/, "");
    return new URL(prefix + path, this.base.origin);
  }

  private isInternal(url: URL): boolean {
    return url.origin === this.base.origin;
  }

  /** Where a URL is, as people and fingerprints see it: a path for the target's own URLs (no host or port). */
  private locate(url: URL): string {
    return this.isInternal(url) ? `${url.pathname}${url.search}` : url.toString();
  }

  private entryFor(url: URL): Entry {
    const clean = new URL(url);
    clean.hash = "";
    const key = clean.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { url: clean, key, internal: this.isInternal(clean), linkedFrom: new Set(), loadedBy: new Map(), queued: false };
      this.entries.set(key, entry);
      if (this.willCheck(entry)) this.known++;
    }
    return entry;
  }

  /** True when the entry joins the crawl queue now: an internal page not queued before. */
  private enqueue(entry: Entry): boolean {
    if (entry.queued || !entry.internal || NOT_A_PAGE.test(entry.url.pathname)) return false;
    entry.queued = true;
    return true;
  }

  private willCheck(entry: Entry): boolean {
    return entry.internal || this.settings.checkExternal;
  }

  /** External URLs not checked: checkExternal is off, or the network policy refused the address. */
  private skipped(entry: Entry): boolean {
    return !entry.internal && (!this.settings.checkExternal || !!entry.check?.refused);
  }

  private checkedCount(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.check && !this.skipped(entry)) n++;
    return n;
  }

  private reportProgress() {
    this.done++;
    const message = `Checked ${this.done} of ${plural(this.known, "URL")} (${plural(this.pages.length, "page")} crawled)`;
    this.ctx.progress(Math.min(0.99, this.done / Math.max(this.known, 1)), message);
  }

  // ----- Requests

  private hostLimiter(host: string): Semaphore {
    let limiter = this.hosts.get(host);
    if (!limiter) this.hosts.set(host, (limiter = new Semaphore(this.settings.externalPerHostConcurrency)));
    return limiter;
  }

  /** One request through the guarded client, counted against maxRequests; never throws. */
  private async send(url: URL, method: "GET" | "HEAD", maxBodyBytes: number): Promise<Sent> {
    if (this.signal.aborted) return { stopped: true, ms: 0 };
    if (this.requestsSent >= this.ctx.limits.maxRequests) {
      this.stop("requests");
      return { stopped: true, ms: 0 };
    }
    this.requestsSent++;
    const began = performance.now();
    try {
      const response = await guardedFetch(url.toString(), {
        policy: this.ctx.policy,
        lookup: this.ctx.lookup,
        method,
        redirect: "manual",
        maxBodyBytes,
        timeoutMs: this.settings.requestTimeoutMs,
        signal: this.signal,
      });
      return { response, ms: performance.now() - began };
    } catch (error) {
      if (this.signal.aborted) return { stopped: true, ms: 0 };
      const refused = error instanceof GuardedFetchError && error.code === "refused_by_policy";
      return { error: error instanceof Error ? error.message : String(error), refused, ms: performance.now() - began };
    }
  }

  /** One URL, retried on 429 (and 503 with Retry-After) at most twice, never past the run's deadline. */
  private async sendWithRetries(url: URL, method: "GET" | "HEAD", maxBodyBytes: number): Promise<Sent> {
    for (let retry = 0; ; retry++) {
      const sent = await this.global.run(() => this.send(url, method, maxBodyBytes));
      if (!sent.response) return sent;
      const wait = retryWait(sent.response, retry);
      if (wait === null || retry >= MAX_RETRIES || Date.now() + wait > this.deadline) return sent;
      this.ctx.log("info", `${this.locate(url)} answered ${sent.response.status}; asking again in ${seconds(wait)}.`);
      await sleep(wait, this.signal);
      if (this.signal.aborted) return { stopped: true, ms: 0 };
    }
  }

  /** External hosts get their own small limit, held across retry waits, so a rate-limited site is not hammered. */
  private request(url: URL, method: "GET" | "HEAD", maxBodyBytes: number): Promise<Sent> {
    const go = () => this.sendWithRetries(url, method, maxBodyBytes);
    return this.isInternal(url) ? go() : this.hostLimiter(url.host).run(go);
  }

  /** Follows redirects by hand, so every hop is policy-checked, counted against maxRequests and measured. */
  private async follow(start: URL, method: "GET" | "HEAD", maxBodyBytes: number): Promise<Followed> {
    const hops: string[] = [];
    let url = start;
    let ms = 0;
    for (;;) {
      const sent = await this.request(url, method, maxBodyBytes);
      if (sent.stopped) return { stopped: true, hops, ms };
      ms += sent.ms;
      const response = sent.response;
      if (!response) return { error: sent.error, refused: sent.refused, hops, ms };
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || !location) {
        return { response, finalUrl: url, status: response.status, rateLimited: response.status === 429, hops, ms };
      }
      if (hops.length >= MAX_REDIRECTS) return { error: `It redirected more than ${MAX_REDIRECTS} times (last to ${location}).`, hops, ms };
      try {
        url = new URL(location, url);
      } catch {
        return { error: `It redirected to "${location}", which is not a valid URL.`, hops, ms };
      }
      url.hash = "";
      hops.push(this.locate(url));
    }
  }

  /** HEAD first; GET when the server does not do HEAD (405, 501). */
  private async checkEntry(entry: Entry): Promise<void> {
    let result = await this.follow(entry.url, "HEAD", CHECK_MAX_BYTES);
    if (result.status === 405 || result.status === 501) result = await this.follow(entry.url, "GET", CHECK_MAX_BYTES);
    if (result.stopped) return;
    entry.check = toCheck(result);
    this.logIfBroken(entry);
    this.reportProgress();
  }

  private logIfBroken(entry: Entry) {
    const check = entry.check!;
    if (check.refused) this.ctx.log("info", `Skipped ${this.locate(entry.url)}: ${check.error}`);
    else if (check.error || (check.status ?? 0) >= 400) this.ctx.log("warn", `${this.locate(entry.url)} ${answerOf(check)}.`);
  }

  // ----- Pages

  /** Fetches a page (the fetch is also its check) and, when it is the target's own HTML, reads its links. */
  private async fetchPage(entry: Entry): Promise<{ parsed?: ParsedHtml; failure?: string }> {
    const result = await this.follow(entry.url, "GET", PAGE_MAX_BYTES);
    if (result.stopped) return { failure: "the run stopped before it answered" };
    entry.check = toCheck(result);
    this.logIfBroken(entry);
    this.reportProgress();
    const { response, finalUrl } = result;
    if (!response || !finalUrl) return { failure: result.error };
    if (response.status < 200 || response.status >= 300) return { failure: `it answered ${response.status}` };
    if (!this.isInternal(finalUrl)) return { failure: `it redirects off the site, to ${finalUrl.origin}` };
    if (!isHtml(response)) return { failure: `it is not an HTML page (${response.headers["content-type"] ?? "no Content-Type"})` };
    // A redirected page is the page it lands on, once, under that page's own path: whichever of /old and /new
    // answers first, the findings read the same.
    const landed = this.entryFor(finalUrl);
    landed.queued = true;
    landed.check ??= { status: response.status, hops: [], ms: result.ms };
    if (this.crawledFinal.has(landed.key)) return { parsed: undefined };
    this.crawledFinal.add(landed.key);
    const parsed = parseHtml(response.text(), landed.key);
    this.addPage(parsed, result.ms, finalUrl);
    return { parsed };
  }

  private addPage(parsed: ParsedHtml, ms: number, finalUrl: URL) {
    const location = this.locate(finalUrl);
    this.pages.push({ location, ms, title: parsed.title });
    this.ctx.log("info", `Crawled ${location} (${Math.round(ms)} ms): ${plural(parsed.links.length, "link")}, ${plural(parsed.resources.length, "resource")}.`);
    for (const link of parsed.links) this.addLink(link, location);
    for (const resource of parsed.resources) this.addResource(resource, location);
    for (const resource of insecureResources(finalUrl.toString(), parsed.resources)) {
      const found = this.insecure.get(resource.url) ?? { kind: resource.kind, pages: new Set<string>() };
      found.pages.add(location);
      this.insecure.set(resource.url, found);
    }
  }

  private addLink(link: HtmlRef, page: string) {
    const entry = this.entryFor(new URL(link.url));
    entry.linkedFrom.add(page);
    if (this.enqueue(entry)) this.nextLevel.push(entry);
  }

  private addResource(resource: HtmlRef, page: string) {
    const entry = this.entryFor(new URL(resource.url));
    if (!entry.loadedBy.has(page)) entry.loadedBy.set(page, resource.kind);
  }

  private async crawlStartPage(entry: Entry): Promise<string | null> {
    entry.queued = true;
    this.pagesScheduled = 1;
    const { parsed, failure } = await this.fetchPage(entry);
    if (parsed) return null;
    const where = this.locate(entry.url);
    if (this.stoppedBy) return `Stopped before the start page ${where} answered: ${STOP_SENTENCES[this.stoppedBy](this.ctx.limits.maxRequests)}.`;
    const sentence = `The start page ${where} could not be crawled: ${(failure ?? "no answer").replace(/\.$/, "")}.`;
    this.ctx.log("error", sentence);
    return `${sentence} Check the target's URL and that it is up, then run again.`;
  }

  /** Breadth-first by levels, so which pages fit in maxPages does not depend on which answered first. */
  private async crawl(level: Entry[]) {
    for (;;) {
      if (!level.length) [level, this.nextLevel] = [this.nextLevel, []];
      if (!level.length || this.stoppedBy) return;
      const room = this.settings.maxPages - this.pagesScheduled;
      if (level.length > room && !this.pageLimitReached) {
        this.pageLimitReached = true;
        this.ctx.log("warn", `Reached maxPages (${this.settings.maxPages}): further pages are checked without being crawled.`);
      }
      if (room <= 0) return;
      const batch = level.slice(0, room);
      this.pagesScheduled += batch.length;
      await Promise.all(batch.map((entry) => this.fetchPage(entry)));
      level = [];
    }
  }

  private async checkRemaining() {
    const todo = [...this.entries.values()].filter((e) => !e.check && this.willCheck(e));
    await Promise.all(todo.map((entry) => this.checkEntry(entry)));
  }

  // ----- Sitemap

  private async readSitemap(): Promise<Entry[]> {
    if (!this.settings.sitemap || this.stoppedBy) return [];
    const root = this.resolvePath("/sitemap.xml");
    const first = await this.sitemapLocs(root);
    if (!first) return [];
    let locs = first.locs;
    if (first.isIndex) {
      const children = locs.map((l) => this.internalUrl(l)).filter((u): u is URL => !!u).slice(0, SITEMAP_MAX_CHILDREN);
      locs = (await Promise.all(children.map((u) => this.sitemapLocs(u)))).flatMap((s) => (s && !s.isIndex ? s.locs : []));
    }
    const urls = locs.map((l) => this.internalUrl(l)).filter((u): u is URL => !!u).slice(0, this.settings.maxPages);
    this.sitemapUrls = urls.length;
    this.ctx.log("info", `Read ${plural(urls.length, "page")} from ${this.locate(root)}.`);
    const label = this.locate(root);
    return urls.map((u) => {
      const entry = this.entryFor(u);
      entry.linkedFrom.add(label);
      return entry;
    });
  }

  private async sitemapLocs(url: URL) {
    const result = await this.follow(url, "GET", SITEMAP_MAX_BYTES);
    if (!result.response || result.response.status !== 200) {
      if (!result.stopped) this.ctx.log("info", `No sitemap read at ${this.locate(url)} (${result.status ?? result.error}).`);
      return null;
    }
    return parseSitemap(result.response.text());
  }

  private internalUrl(text: string): URL | null {
    try {
      const url = new URL(text, this.base);
      return this.isInternal(url) ? url : null;
    } catch {
      return null;
    }
  }

  // ----- Result

  private errorResult(summary: string): EngineResult {
    return { outcome: "error", summary, metrics: this.metrics(), findings: [], artifacts: [], reliable: true };
  }

  private result(): EngineResult {
    const findings = this.findings();
    const gating = findings.filter((f) => f.gating !== false);
    const unreliableReason = this.unreliableReason();
    return {
      outcome: gating.length ? "fail" : "pass",
      summary: this.summary(findings),
      metrics: this.metrics(),
      findings,
      artifacts: [],
      reliable: !unreliableReason,
      ...(unreliableReason ? { unreliableReason } : {}),
    };
  }

  /**
   * A crawl that stopped early (request cap, time limit, cancel) did not check every URL it knew of, nor find the
   * pages behind the ones it never crawled: a pass says nothing about those, and problems seen before are not fixed.
   * maxPages is the person's own bound, applied the same way on every run, so reaching it is not doubtful.
   */
  private unreliableReason(): string | undefined {
    if (!this.stoppedBy) return undefined;
    const { notChecked } = this.counts();
    return `The crawl stopped early (${STOP_SENTENCES[this.stoppedBy](this.ctx.limits.maxRequests)}): ${plural(notChecked, "known URL was", "known URLs were")} not checked and pages behind them were not found, so problems there are neither reported nor known to be fixed.`;
  }

  private findings(): EngineFinding[] {
    const out: EngineFinding[] = [];
    for (const entry of this.entries.values()) out.push(...this.urlFindings(entry));
    for (const [url, { kind, pages }] of this.insecure) out.push(mixedContentFinding(url, kind, [...pages]));
    for (const page of this.pages) {
      if (!page.title) out.push(missingTitleFinding(page.location));
      if (page.ms > this.settings.slowPageMs) out.push(slowPageFinding(page.location, page.ms, this.settings.slowPageMs));
    }
    const order = ["broken-link", "broken-resource", "mixed-content", "missing-title", "external-broken", "slow-page", "rate-limited", "external-rate-limited", "redirect-chain"];
    return out.sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule) || a.location.localeCompare(b.location));
  }

  private urlFindings(entry: Entry): EngineFinding[] {
    const check = entry.check;
    if (!check || this.skipped(entry)) return [];
    const location = this.locate(entry.url);
    const linked = [...entry.linkedFrom];
    const loaded = [...entry.loadedBy.keys()];
    const out: EngineFinding[] = [];
    if (check.rateLimited) {
      out.push(rateLimitedFinding(location, entry.internal, [...linked, ...loaded]));
    } else if (check.error || (check.status ?? 0) >= 400) {
      if (!entry.internal) out.push(externalBrokenFinding(location, check, [...linked, ...loaded], this.settings.externalGating));
      else {
        if (linked.length) out.push(brokenLinkFinding(location, check, linked));
        if (loaded.length) out.push(brokenResourceFinding(location, check, entry.loadedBy));
      }
    }
    if (entry.internal && check.hops.length > LONG_REDIRECT_CHAIN) out.push(redirectChainFinding(location, check.hops, [...linked, ...loaded]));
    return out;
  }

  private counts() {
    const internal = { ok: 0, broken: 0, rateLimited: 0 };
    const external = { ok: 0, broken: 0, rateLimited: 0, skipped: 0 };
    let notChecked = 0;
    for (const entry of this.entries.values()) {
      const bucket = entry.internal ? internal : external;
      const check = entry.check;
      if (this.skipped(entry)) external.skipped++;
      else if (!check) notChecked++;
      else if (check.rateLimited) bucket.rateLimited++;
      else if (check.error || (check.status ?? 0) >= 400) bucket.broken++;
      else bucket.ok++;
    }
    return { internal, external, notChecked };
  }

  private metrics(): Record<string, unknown> {
    const { internal, external, notChecked } = this.counts();
    const slowest = [...this.pages]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((p) => ({ path: p.location, ms: Math.round(p.ms) }));
    const limits = [...(this.pageLimitReached ? ["maxPages"] : []), ...(this.stoppedBy ? [this.stoppedBy] : [])];
    return {
      pagesCrawled: this.pages.length,
      urlsChecked: this.checkedCount(),
      requestsSent: this.requestsSent,
      internal,
      external,
      notChecked,
      sitemapUrls: this.sitemapUrls,
      slowest,
      limitReached: limits.length > 0,
      limits,
      durationMs: Date.now() - this.started,
    };
  }

  private summary(findings: EngineFinding[]): string {
    const count = (rule: string) => findings.filter((f) => f.rule === rule).length;
    const problems = [
      [count("broken-link"), "broken internal link"],
      [count("broken-resource"), "broken resource"],
      [count("mixed-content"), "insecure resource on an https page", "insecure resources on https pages"],
      [count("missing-title"), "page without a title", "pages without a title"],
    ] as const;
    const warnings = [
      [count("external-broken"), "broken external link"],
      [count("slow-page"), "slow page"],
      [count("rate-limited") + count("external-rate-limited"), "rate-limited link"],
      [count("redirect-chain"), "long redirect chain"],
    ] as const;
    const say = (list: readonly (readonly [number, string, string?])[]) =>
      list.filter(([n]) => n > 0).map(([n, one, many]) => plural(n, one, many)).join(", ");
    const found = say(problems);
    const warned = say(warnings);
    const { notChecked } = this.counts();
    let text = `Crawled ${plural(this.pages.length, "page")} and checked ${plural(this.checkedCount(), "URL")}: ${found || "nothing broken"}`;
    if (warned) text += `; warnings: ${warned}`;
    text += ".";
    if (this.stoppedBy) {
      text += ` Stopped early: ${STOP_SENTENCES[this.stoppedBy](this.ctx.limits.maxRequests)}; ${plural(notChecked, "URL was", "URLs were")} not checked.`;
    } else if (this.pageLimitReached) {
      text += ` Reached maxPages (${this.settings.maxPages}); the rest were checked but not crawled.`;
    }
    return text;
  }
}

function toCheck(result: Followed): Check {
  const { status, error, refused, rateLimited, hops, ms } = result;
  return { status, error, refused, rateLimited, hops, ms };
}

function answerOf(check: Check): string {
  if (check.rateLimited) return "kept answering 429 (too many requests)";
  if (check.status) return `answers ${check.status}`;
  return `could not be reached (${(check.error ?? "no answer").replace(/\.$/, "")})`;
}

function capped(pages: string[]) {
  return { pages: pages.slice(0, PAGE_LIST_CAP), pageCount: pages.length };
}

function detailOf(location: string, check: Check, pages: string[]): Record<string, unknown> {
  return {
    url: location,
    ...(check.status ? { status: check.status } : {}),
    ...(check.error ? { error: check.error } : {}),
    ...(check.hops.length ? { redirects: check.hops } : {}),
    ...capped(pages),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Findings: one per URL (or page), listing every page involved; fingerprints hold only the rule and the location.

function brokenLinkFinding(location: string, check: Check, pages: string[]): EngineFinding {
  return {
    fingerprint: fingerprint("broken-link", location),
    rule: "broken-link",
    severity: "serious",
    title: `${location} ${answerOf(check)}; it is linked from ${plural(pages.length, "page")}.`,
    location,
    advice: `Fix or remove the link on ${listPages(pages)}, or bring ${location} back (or redirect it to the page that replaced it).`,
    detail: { ...detailOf(location, check, pages), kind: "link" },
    gating: true,
  };
}

function brokenResourceFinding(location: string, check: Check, loadedBy: Map<string, RefKind>): EngineFinding {
  const pages = [...loadedBy.keys()];
  const kind = loadedBy.values().next().value ?? "image";
  const word = KIND_WORDS[kind];
  return {
    fingerprint: fingerprint("broken-resource", location),
    rule: "broken-resource",
    severity: "serious",
    title: `The ${word} ${location} ${answerOf(check)}; ${plural(pages.length, "page loads", "pages load")} it.`,
    location,
    advice: `Restore ${location}, or point ${listPages(pages)} at the file that replaced it: until then visitors get a broken ${word}.`,
    detail: { ...detailOf(location, check, pages), kind },
    gating: true,
  };
}

function externalBrokenFinding(location: string, check: Check, pages: string[], gating: boolean): EngineFinding {
  return {
    fingerprint: fingerprint("external-broken", location),
    rule: "external-broken",
    severity: "moderate",
    title: `External link ${location} ${answerOf(check)}; ${plural(pages.length, "page uses", "pages use")} it.`,
    location,
    advice: `Update or remove it on ${listPages(pages)}: the other site moved or removed it, or is down.`,
    detail: detailOf(location, check, pages),
    gating,
  };
}

function rateLimitedFinding(location: string, internal: boolean, pages: string[]): EngineFinding {
  const rule = internal ? "rate-limited" : "external-rate-limited";
  return {
    fingerprint: fingerprint(rule, location),
    rule,
    severity: "minor",
    title: `${location} still answered 429 (too many requests) after ${MAX_RETRIES} retries; counted as a warning.`,
    location,
    advice: internal
      ? `The target limits the crawler's requests; lower the concurrency setting, or allow the worker's address in the rate limiter, and run again.`
      : `Open it by hand from ${listPages(pages)} to be sure it works: the other site limits automated requests.`,
    detail: { url: location, status: 429, ...capped(pages) },
    gating: false,
  };
}

function mixedContentFinding(url: string, kind: RefKind, pages: string[]): EngineFinding {
  const word = KIND_WORDS[kind];
  return {
    fingerprint: fingerprint("mixed-content", url),
    rule: "mixed-content",
    severity: "serious",
    title: `The ${word} ${url} is loaded over plain http by ${plural(pages.length, "https page")}.`,
    location: url,
    advice: `Load it over https (change the URL to https:// or a relative path) on ${listPages(pages)}: browsers block or flag insecure ${word}s on secure pages.`,
    detail: { url, kind, ...capped(pages) },
    gating: true,
  };
}

function missingTitleFinding(location: string): EngineFinding {
  return {
    fingerprint: fingerprint("missing-title", location),
    rule: "missing-title",
    severity: "moderate",
    title: `${location} has no <title>.`,
    location,
    advice: `Give ${location} a short, unique <title>: browsers show it on the tab and in bookmarks, and screen readers announce it first.`,
    detail: { page: location },
    gating: true,
  };
}

function slowPageFinding(location: string, ms: number, limit: number): EngineFinding {
  return {
    fingerprint: fingerprint("slow-page", location),
    rule: "slow-page",
    severity: "moderate",
    title: `${location} took ${seconds(ms)} to load, over the ${seconds(limit)} limit.`,
    location,
    advice: `Find what makes ${location} slow on the server (queries, calls to other services, page size); cache what you can.`,
    detail: { page: location, ms: Math.round(ms), slowPageMs: limit },
    gating: false,
  };
}

function redirectChainFinding(location: string, hops: string[], pages: string[]): EngineFinding {
  return {
    fingerprint: fingerprint("redirect-chain", location),
    rule: "redirect-chain",
    severity: "minor",
    title: `${location} goes through ${plural(hops.length, "redirect")} before it answers.`,
    location,
    advice: `Link straight to ${hops[hops.length - 1]} on ${listPages(pages)}, or make ${location} redirect there in one step.`,
    detail: { url: location, redirects: hops, ...capped(pages) },
    gating: false,
  };
}

// ---------------------------------------------------------------------------------------------------------------

export const linksEngine: Engine<TLinksSettings> = {
  kind: "links",
  settings: linksSettings,
  async run(settings, ctx) {
    try {
      new URL(ctx.baseUrl);
    } catch {
      return { outcome: "error", summary: `The target URL "${ctx.baseUrl}" is not a valid URL.`, metrics: {}, findings: [], artifacts: [], reliable: true };
    }
    return new LinksRun(settings, ctx).run();
  },
};
