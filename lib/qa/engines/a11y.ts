import axe from "axe-core";
import type { BrowserContext } from "playwright-core";
import { IMPACTS, a11ySettings, type TA11ySettings } from "./a11y-settings";
import { launchGuardedBrowser, stoppedWords, type GuardedBrowser, type StopReason } from "../browser";
import { fingerprint, RequestBudget, type Engine, type EngineContext, type EngineFinding, type EngineResult, type FindingSeverity } from "../engine";
import { discoverPages, pagePath } from "../pages";

// Accessibility audit (issue 9): axe-core in Chromium on each discovered page. One finding per (rule, page); axe's
// "incomplete" results are kept apart as needs-review findings that never gate. axe catches about half of WCAG
// problems, so a pass means "nothing automatic found", not "accessible".

const MAX_NODES = 20;
const MAX_SNIPPET = 300;
const PAGE_TIMEOUT_MS = 30_000;
type Suppression = TA11ySettings["suppressions"][number];

type AxeNode = { selector: string; snippet: string; failureSummary: string };
type AxeRule = { id: string; impact: FindingSeverity | null; help: string; helpUrl: string; nodes: AxeNode[] };
type PageAudit = { violations: AxeRule[]; incomplete: AxeRule[]; passes: number };
type PageRow = { url: string; path: string; violations: number; incomplete: number; passes: number; error?: string };
type Suppressed = { rule: string; page: string; count: number; selector?: string; reason: string; expiresAt: string };

// Titles for the rules people meet most; the rest use axe's own help sentence.
const RULE_TITLES: Record<string, [one: string, many: string]> = {
  "color-contrast": ["element has insufficient colour contrast", "elements have insufficient colour contrast"],
  "image-alt": ["image has no text alternative", "images have no text alternative"],
  label: ["form field has no label", "form fields have no label"],
  "button-name": ["button has no accessible name", "buttons have no accessible name"],
  "link-name": ["link has no discernible text", "links have no discernible text"],
  "target-size": ["touch target is smaller than 24 × 24 px", "touch targets are smaller than 24 × 24 px"],
  "aria-allowed-attr": ["element uses ARIA attributes its role does not allow", "elements use ARIA attributes their role does not allow"],
  "select-name": ["select box has no label", "select boxes have no label"],
  "input-button-name": ["input button has no accessible name", "input buttons have no accessible name"],
  "frame-title": ["frame has no title", "frames have no title"],
};

export const a11yEngine: Engine<TA11ySettings> = {
  kind: "a11y",
  settings: a11ySettings,
  run: runA11y,
};

async function runA11y(settings: TA11ySettings, ctx: EngineContext): Promise<EngineResult> {
  if (ctx.signal.aborted) return errorResult("The run was cancelled before it started.");
  const deadline = Date.now() + ctx.limits.maxDurationMs;
  const active = activeSuppressions(settings.suppressions, new Date(), ctx);
  // One budget for the discovery fetches and everything the browser loads: ctx.limits.maxRequests counts them all.
  const budget = new RequestBudget(ctx.limits.maxRequests);
  let urls: string[];
  let browser: GuardedBrowser;
  try {
    urls = await discoverPages(ctx, { ...settings.pages, budget });
    if (ctx.signal.aborted) return errorResult("The run was cancelled while it looked for pages.");
    if (!urls.length && budget.exhausted) return errorResult(`The request limit (${budget.max} requests) was reached while looking for pages, before any was audited.`);
    if (!urls.length) return errorResult("No page of the target was found to audit; the log says why.");
    browser = await launchGuardedBrowser(ctx, deadline, budget);
  } catch (error) {
    return errorResult(`The audit could not start: ${firstLine(error)}`);
  }
  const rows: PageRow[] = [];
  const findings: EngineFinding[] = [];
  const suppressed: Suppressed[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    for (const [i, url] of urls.entries()) {
      if (browser.stopped()) break;
      const where = pagePath(url, ctx.baseUrl);
      ctx.progress(i / urls.length, `Page ${i + 1} of ${urls.length}: ${where}`);
      const audit = await auditPage(context, url, settings.tags, browser);
      if (typeof audit === "string") {
        ctx.log("warn", `Could not audit ${where}: ${audit}`);
        rows.push({ url, path: where, violations: 0, incomplete: 0, passes: 0, error: audit });
        continue;
      }
      const kept = applySuppressions(audit, where, active, suppressed);
      rows.push({ url, path: where, violations: kept.violations.length, incomplete: kept.incomplete.length, passes: audit.passes });
      findings.push(...kept.violations.map((r) => toFinding(r, where, settings.failOn, false)));
      findings.push(...kept.incomplete.map((r) => toFinding(r, where, settings.failOn, true)));
      ctx.log("info", `${where}: ${kept.violations.length} rule(s) violated, ${kept.incomplete.length} to review, ${audit.passes} passed.`);
    }
  } catch (error) {
    if (!browser.stopped()) ctx.log("error", `The browser failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await browser.close();
  }
  ctx.progress(1, `Audited ${rows.filter((r) => !r.error).length} of ${urls.length} pages`);
  return result(rows, urls.length, findings, suppressed, settings, browser.stopped(), budget.used);
}

function errorResult(summary: string): EngineResult {
  return { outcome: "error", summary, metrics: {}, findings: [], artifacts: [], reliable: false, unreliableReason: summary };
}

/** Suppressions still in force; each expired one is logged so nobody wonders why its rule came back. */
function activeSuppressions(all: Suppression[], now: Date, ctx: EngineContext): Suppression[] {
  return all.filter((s) => {
    if (expiry(s.expiresAt) > now) return true;
    ctx.log("info", `The suppression of ${s.rule}${s.selector ? ` on ${s.selector}` : ""} ("${s.reason}") expired on ${s.expiresAt}; its violations count again.`);
    return false;
  });
}

/** A bare date suppresses through the end of that day (UTC). */
const expiry = (iso: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T23:59:59.999Z` : iso);

async function auditPage(context: BrowserContext, url: string, tags: string[], browser: GuardedBrowser): Promise<PageAudit | string> {
  const page = await context.newPage();
  try {
    const response = await page.goto(url, { waitUntil: "load", timeout: PAGE_TIMEOUT_MS });
    if (browser.stopped()) return STOPPED_DURING_PAGE;
    if (response && !response.ok()) return `the page answered HTTP ${response.status()}.`;
    await page.evaluate(axe.source);
    const audit = await page.evaluate(runAxe, tags);
    // At the request limit the page's later requests were refused: it was not audited as a visitor sees it.
    return browser.stopped() ? STOPPED_DURING_PAGE : audit;
  } catch (error) {
    return browser.refusal(url) ?? (browser.stopped() ? STOPPED_DURING_PAGE : firstLine(error));
  } finally {
    await page.close().catch(() => undefined);
  }
}

const STOPPED_DURING_PAGE = "the run stopped before this page finished.";
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0];

/** Runs inside the page (serialised by Playwright): only what it receives and axe on window. */
async function runAxe(tags: string[]): Promise<PageAudit> {
  type Node = { target: unknown[]; html: string; failureSummary?: string; any: { message: string }[]; all: { message: string }[]; none: { message: string }[] };
  type Rule = { id: string; impact?: string | null; help: string; helpUrl: string; nodes: Node[] };
  type Results = { violations: Rule[]; incomplete: Rule[]; passes: Rule[] };
  const w = window as unknown as { axe: { run(c: Document, o: object): Promise<Results> } };
  const results = await w.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] });
  const selector = (target: unknown[]) => target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : String(t))).join(" >>> ");
  const rule = (r: Rule) => ({
    id: r.id,
    impact: (r.impact ?? null) as PageAudit["violations"][number]["impact"],
    help: r.help,
    helpUrl: r.helpUrl.replace(/\?application=axeAPI$/, ""),
    nodes: r.nodes.map((n) => ({
      selector: selector(n.target),
      snippet: n.html,
      failureSummary: n.failureSummary ?? [...n.any, ...n.all, ...n.none].map((c) => c.message).join(" "),
    })),
  });
  return { violations: results.violations.map(rule), incomplete: results.incomplete.map(rule), passes: results.passes.length };
}

function applySuppressions(audit: PageAudit, page: string, active: Suppression[], suppressed: Suppressed[]) {
  const filter = (rules: AxeRule[]) =>
    rules.flatMap((r) => {
      let nodes = r.nodes;
      for (const s of active.filter((x) => x.rule === r.id)) {
        const hidden = nodes.filter((n) => !s.selector || n.selector === s.selector);
        if (!hidden.length) continue;
        suppressed.push({ rule: r.id, page, count: hidden.length, ...(s.selector ? { selector: s.selector } : {}), reason: s.reason, expiresAt: s.expiresAt });
        nodes = nodes.filter((n) => !hidden.includes(n));
      }
      return nodes.length ? [{ ...r, nodes }] : [];
    });
  return { violations: filter(audit.violations), incomplete: filter(audit.incomplete) };
}

function toFinding(rule: AxeRule, page: string, failOn: FindingSeverity[], needsReview: boolean): EngineFinding {
  const severity: FindingSeverity = rule.impact ?? (needsReview ? "minor" : "moderate");
  const count = rule.nodes.length;
  return {
    fingerprint: fingerprint("a11y", rule.id, page, needsReview ? "review" : "violation"),
    rule: rule.id,
    severity,
    title: title(rule, count, page, needsReview),
    location: page,
    advice: `${rule.help.replace(/\.?$/, "")}; see ${rule.helpUrl}`,
    detail: {
      rule: rule.id,
      impact: rule.impact,
      helpUrl: rule.helpUrl,
      count,
      nodes: rule.nodes.slice(0, MAX_NODES).map((n) => ({ ...n, snippet: clip(n.snippet, MAX_SNIPPET) })),
    },
    ...(needsReview ? { needsReview: true, gating: false } : { gating: failOn.includes(severity) }),
  };
}

function title(rule: AxeRule, count: number, page: string, needsReview: boolean): string {
  const words = RULE_TITLES[rule.id];
  const elements = count === 1 ? "1 element" : `${count} elements`;
  if (needsReview) return `${elements} on ${page} need${count === 1 ? "s" : ""} a manual check: ${rule.help.replace(/\.?$/, "")}.`;
  if (words) return `${count} ${count === 1 ? words[0] : words[1]} on ${page}.`;
  return `${elements} on ${page} fail${count === 1 ? "s" : ""} the check "${rule.help.replace(/\.?$/, "")}".`;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function result(rows: PageRow[], wanted: number, findings: EngineFinding[], suppressed: Suppressed[], settings: TA11ySettings, stopped: StopReason | undefined, requests: number): EngineResult {
  const audited = rows.filter((r) => !r.error);
  const violations = findings.filter((f) => !f.needsReview);
  const byImpact = Object.fromEntries(IMPACTS.map((i) => [i, violations.filter((f) => f.severity === i).length])) as Record<FindingSeverity, number>;
  const needsReview = findings.length - violations.length;
  const metrics = { pages: rows, byImpact, needsReview, suppressed, requests, ...(stopped ? { stoppedBecause: stopped } : {}) };
  if (!audited.length) {
    const why = stopped ? `the run ${stoppedWords(stopped)} first` : rows[0]?.error ?? "none answered";
    return { ...errorResult(`No page could be loaded for the audit: ${why.replace(/\.$/, "")}.`), metrics };
  }
  const gating = violations.filter((f) => f.gating);
  const missed = wanted - audited.length;
  const unreliableReason = missed
    ? `${missed} of ${wanted} pages were not audited${stopped ? ` (the run ${stoppedWords(stopped)})` : ""}; see the log.`
    : undefined;
  return {
    outcome: gating.length ? "fail" : "pass",
    summary: summarise(audited.length, byImpact, gating.length, needsReview, suppressed.length, settings.failOn),
    metrics,
    findings,
    artifacts: [],
    reliable: !missed,
    ...(unreliableReason ? { unreliableReason } : {}),
  };
}

function summarise(pages: number, byImpact: Record<FindingSeverity, number>, gating: number, review: number, suppressed: number, failOn: FindingSeverity[]): string {
  const total = IMPACTS.reduce((n, i) => n + byImpact[i], 0);
  const counted = IMPACTS.filter((i) => byImpact[i]).map((i) => `${byImpact[i]} ${i}`).join(", ");
  const head = `${pages} page${pages === 1 ? "" : "s"} audited: `;
  const verdict = !total
    ? "no violations"
    : gating
      ? `${total} violation${total === 1 ? "" : "s"} (${counted}); ${gating} at ${failOn.join(" or ")} impact fail the run`
      : `${total} violation${total === 1 ? "" : "s"} (${counted}), none at ${failOn.length ? failOn.join(" or ") : "a failing"} impact`;
  const extras = [review ? `${review} to review by hand` : "", suppressed ? `${suppressed} suppressed` : ""].filter(Boolean).join(", ");
  return `${head}${verdict}${extras ? `; ${extras}` : ""}.`;
}
