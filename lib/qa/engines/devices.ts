import type { BrowserContext, Page } from "playwright-core";
import { DEVICE_PROFILES, devicesSettings, type DeviceProfileName, type Scheme, type TDevicesSettings } from "./devices-settings";
import { launchGuardedBrowser, stoppedWords, type GuardedBrowser, type StopReason } from "../browser";
import { fingerprint, type Engine, type EngineArtifact, type EngineContext, type EngineFinding, type EngineResult } from "../engine";
import { pagePath, resolvePath } from "../pages";

// Device matrix (issue 9): each page on each screen profile in light and dark, in Chromium. Every cell gets a
// screenshot; a page that scrolls sideways or has tap targets below the WCAG 2.2 (2.5.8) minimum on a touch screen is
// a finding per page and profile (colour schemes merged: the layout problem is the same in both).

const PAGE_TIMEOUT_MS = 30_000;
const MAX_FULL_PAGE_PX = 4000;
// Beyond this a PNG is retaken as JPEG (quality 70): long, photo-heavy pages at 3× would otherwise weigh many MB.
const MAX_PNG_BYTES = 1.5 * 1024 * 1024;
const MAX_LISTED = 20;
export const ENGINES_UNAVAILABLE_NOTE = "Firefox and WebKit are not installed on this machine; T-Minus runs the matrix in Chromium only.";

type Offender = { selector: string; right: number; width: number };
type SmallTarget = { selector: string; width: number; height: number };
type Measurement = { overflowPx: number; offenders: Offender[]; smallTargets: SmallTarget[] };
type Cell = {
  path: string;
  profile: DeviceProfileName;
  scheme: Scheme;
  artifact: string | null;
  /** CSS pixels the screenshot shows (the viewport, or the whole page up to 4000 px tall); the image has dpr × as many. */
  width: number;
  height: number;
  overflowPx: number;
  smallTargets: number;
  error?: string;
};
type Measured = Cell & { offenders: Offender[]; targets: SmallTarget[] };

export const devicesEngine: Engine<TDevicesSettings> = {
  kind: "devices",
  settings: devicesSettings,
  run: runDevices,
};

async function runDevices(settings: TDevicesSettings, ctx: EngineContext): Promise<EngineResult> {
  if (ctx.signal.aborted) return errorResult("The run was cancelled before it started.", {});
  const deadline = Date.now() + ctx.limits.maxDurationMs;
  const pairs = plan(settings, ctx);
  if (!pairs.length) return errorResult("None of the paths is on the target, so there is nothing to screenshot.", {});
  let browser: GuardedBrowser;
  try {
    browser = await launchGuardedBrowser(ctx, deadline);
  } catch (error) {
    return errorResult(`The device run could not start: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`, {});
  }
  ctx.log("info", ENGINES_UNAVAILABLE_NOTE);
  const slugs = slugsFor([...new Set(pairs.map((p) => p.path))]);
  const total = pairs.length * settings.colorSchemes.length;
  const cells: Measured[] = [];
  const artifacts: EngineArtifact[] = [];
  const contexts = new Map<DeviceProfileName, BrowserContext>();
  try {
    for (const { url, path, profile } of pairs) {
      for (const scheme of settings.colorSchemes) {
        if (browser.stopped()) break;
        ctx.progress(cells.length / total, `Cell ${cells.length + 1} of ${total}: ${path} on ${profile}, ${scheme}`);
        const context = contexts.get(profile) ?? (await openProfile(browser, profile, contexts));
        const name = `devices/${profile}-${scheme}-${slugs.get(path)}`;
        const cell = await shootCell(context, { url, path, profile, scheme, name }, settings, browser, artifacts);
        if (cell.error) ctx.log("warn", `Could not capture ${path} on ${profile} (${scheme}): ${cell.error}`);
        cells.push(cell);
      }
    }
  } catch (error) {
    if (!browser.stopped()) ctx.log("error", `The browser failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await browser.close();
  }
  ctx.progress(1, `Captured ${cells.filter((c) => !c.error).length} of ${total} cells`);
  return result(cells, total, artifacts, settings, browser.stopped(), browser.requests());
}

/**
 * (path, profile) pairs, path first. The run's request limit is kept by the browser, which counts every page load and
 * resource; cells it stops before are counted as not captured, so the run says it is incomplete.
 */
function plan(settings: TDevicesSettings, ctx: EngineContext) {
  const urls = [...new Set(settings.paths.map((p) => resolvePath(p, ctx)).filter((u): u is string => u !== null))];
  return urls.flatMap((url) => settings.profiles.map((profile) => ({ url, path: pagePath(url, ctx.baseUrl), profile })));
}

async function openProfile(browser: GuardedBrowser, name: DeviceProfileName, contexts: Map<DeviceProfileName, BrowserContext>) {
  const p = DEVICE_PROFILES[name];
  const context = await browser.newContext({
    viewport: { width: p.width, height: p.height },
    isMobile: p.isMobile,
    hasTouch: p.hasTouch,
    deviceScaleFactor: p.deviceScaleFactor,
  });
  contexts.set(name, context);
  return context;
}

/** File-name slugs per path, stable across runs; paths that would share one get a short hash each. */
function slugsFor(paths: string[]): Map<string, string> {
  const base = (p: string) => p.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "home";
  const counts = new Map<string, number>();
  for (const p of paths) counts.set(base(p), (counts.get(base(p)) ?? 0) + 1);
  return new Map(paths.map((p) => [p, counts.get(base(p))! > 1 ? `${base(p)}-${fingerprint(p).slice(0, 6)}` : base(p)]));
}

const STOPPED_DURING_CELL = "the run stopped first.";

type CellPlan = { url: string; path: string; profile: DeviceProfileName; scheme: Scheme; name: string };

async function shootCell(context: BrowserContext, cell: CellPlan, settings: TDevicesSettings, browser: GuardedBrowser, artifacts: EngineArtifact[]): Promise<Measured> {
  const { width, height, hasTouch } = DEVICE_PROFILES[cell.profile];
  const row: Measured = { path: cell.path, profile: cell.profile, scheme: cell.scheme, artifact: null, width, height, overflowPx: 0, smallTargets: 0, offenders: [], targets: [] };
  const page = await context.newPage();
  try {
    await page.emulateMedia({ colorScheme: cell.scheme });
    const response = await page.goto(cell.url, { waitUntil: "load", timeout: PAGE_TIMEOUT_MS });
    if (browser.stopped()) return { ...row, error: STOPPED_DURING_CELL };
    if (response && !response.ok()) return { ...row, error: `the page answered HTTP ${response.status()}.` };
    const m = await page.evaluate(measure, { minTap: settings.minTapTargetPx, touch: hasTouch });
    const shot = await screenshot(page, settings.fullPage);
    // At the request limit the page's later requests were refused: what was measured is not what a visitor sees.
    if (browser.stopped()) return { ...row, error: STOPPED_DURING_CELL };
    const name = `${cell.name}.${shot.ext}`;
    artifacts.push({ name, contentType: shot.contentType, data: shot.data, meta: { path: cell.path, profile: cell.profile, scheme: cell.scheme, width: shot.width, height: shot.height } });
    return { ...row, artifact: name, width: shot.width, height: shot.height, overflowPx: m.overflowPx, smallTargets: m.smallTargets.length, offenders: m.offenders, targets: m.smallTargets };
  } catch (error) {
    const why = browser.refusal(cell.url) ?? (browser.stopped() ? STOPPED_DURING_CELL : (error instanceof Error ? error.message : String(error)).split("\n")[0]);
    return { ...row, error: why };
  } finally {
    await page.close().catch(() => undefined);
  }
}

async function screenshot(page: Page, fullPage: boolean) {
  // A full page keeps its sideways overflow in view (that is what a phone user pans to), capped in height.
  const size = fullPage
    ? await page.evaluate(() => {
        const root = document.scrollingElement ?? document.documentElement;
        return { width: Math.max(root.scrollWidth, root.clientWidth), height: root.scrollHeight };
      })
    : page.viewportSize()!;
  const clip = { x: 0, y: 0, width: size.width, height: Math.min(size.height, MAX_FULL_PAGE_PX) };
  const options = { fullPage, clip, animations: "disabled", caret: "hide" } as const;
  const png = await page.screenshot({ ...options, type: "png" });
  const shot = { width: clip.width, height: clip.height };
  if (png.length <= MAX_PNG_BYTES) return { ...shot, data: png, ext: "png", contentType: "image/png" };
  return { ...shot, data: await page.screenshot({ ...options, type: "jpeg", quality: 70 }), ext: "jpg", contentType: "image/jpeg" };
}

/** Runs inside the page (serialised by Playwright): measures sideways overflow and, on touch screens, small targets. */
async function measure(args: { minTap: number; touch: boolean }): Promise<Measurement> {
  await document.fonts.ready;
  const root = document.scrollingElement ?? document.documentElement;
  // The layout viewport, not innerWidth: with mobile emulation Chromium may zoom out to fit wide content, and
  // innerWidth then grows with it and hides the very overflow we look for.
  const viewport = document.documentElement.clientWidth;
  const overflowPx = Math.max(0, root.scrollWidth - viewport);

  const selectorOf = (el: Element): string => {
    const parts: string[] = [];
    // Readable rather than minimal: up to four steps from the nearest id, classes, and a position only when needed.
    for (let e: Element | null = el; e && e !== document.body && e !== document.documentElement && parts.length < 4; e = e.parentElement) {
      if (e.id) {
        parts.unshift(`#${CSS.escape(e.id)}`);
        break;
      }
      const part = `${e.tagName.toLowerCase()}${[...e.classList].slice(0, 2).map((c) => `.${CSS.escape(c)}`).join("")}`;
      const sameTag = e.parentElement ? [...e.parentElement.children].filter((c) => c.tagName === e!.tagName) : [];
      const alike = sameTag.filter((c) => c.matches(part));
      parts.unshift(alike.length > 1 ? `${part}:nth-of-type(${sameTag.indexOf(e) + 1})` : part);
    }
    return parts.join(" > ");
  };

  const offenders: Offender[] = [];
  if (overflowPx > 1) {
    const clips = new Map<Element, boolean>();
    // Content inside a scroller (overflow-x other than visible) scrolls there, not the page: not an offender.
    const insideScroller = (el: Element): boolean => {
      const parent = el.parentElement;
      if (!parent || parent === document.body || parent === document.documentElement) return false;
      if (!clips.has(parent)) clips.set(parent, getComputedStyle(parent).overflowX !== "visible" || insideScroller(parent));
      return clips.get(parent)!;
    };
    const wide = (el: Element) => el.getBoundingClientRect().right + window.scrollX > viewport + 1 && getComputedStyle(el).position !== "fixed";
    const all = [...document.body.querySelectorAll("*")].slice(0, 5000);
    const outermost = all.filter((el) => wide(el) && !(el.parentElement && el.parentElement !== document.body && wide(el.parentElement)) && !insideScroller(el));
    outermost.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
    for (const el of outermost.slice(0, 5)) {
      const r = el.getBoundingClientRect();
      offenders.push({ selector: selectorOf(el), right: Math.round(r.right + window.scrollX), width: Math.round(r.width) });
    }
  }

  const smallTargets: SmallTarget[] = [];
  if (args.touch) {
    const min = args.minTap;
    const big = (r: DOMRect) => r.width >= min && r.height >= min;
    // WCAG 2.5.8 exempts links inside a sentence. Kept simple: an <a> whose nearest block ancestor has other text.
    const inSentence = (el: Element) => {
      let block = el.parentElement;
      while (block && block !== document.body && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
      const text = (e: Element | null) => (e?.textContent ?? "").replace(/\s+/g, " ").trim();
      return el.tagName === "A" && !!block && text(block).length > text(el).length;
    };
    // A control whose label is big enough is tapped through the label (the usual checkbox with text beside it).
    const labelled = (el: Element) => [...((el as HTMLInputElement).labels ?? [])].some((l) => big(l.getBoundingClientRect()));
    const candidates = document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, [role="button"], [onclick]');
    for (const el of candidates) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || big(r) || !el.checkVisibility({ checkOpacity: true, visibilityProperty: true })) continue;
      if (inSentence(el) || labelled(el)) continue;
      smallTargets.push({ selector: selectorOf(el), width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10 });
    }
  }
  return { overflowPx, offenders, smallTargets };
}

function errorResult(summary: string, metrics: Record<string, unknown>): EngineResult {
  return { outcome: "error", summary, metrics, findings: [], artifacts: [], reliable: false, unreliableReason: summary };
}

function result(cells: Measured[], total: number, artifacts: EngineArtifact[], settings: TDevicesSettings, stopped: StopReason | undefined, requests: number): EngineResult {
  const matrix: Cell[] = cells.map((c) => ({
    path: c.path,
    profile: c.profile,
    scheme: c.scheme,
    artifact: c.artifact,
    width: c.width,
    height: c.height,
    overflowPx: c.overflowPx,
    smallTargets: c.smallTargets,
    ...(c.error ? { error: c.error } : {}),
  }));
  const metrics = {
    matrix,
    profiles: settings.profiles.map((name) => ({ name, ...DEVICE_PROFILES[name] })),
    enginesUnavailable: ["firefox", "webkit"],
    enginesNote: ENGINES_UNAVAILABLE_NOTE,
    requests,
    ...(stopped ? { stoppedBecause: stopped } : {}),
  };
  const captured = cells.filter((c) => !c.error);
  if (!captured.length) {
    const why = stopped ? `the run ${stoppedWords(stopped)} first` : cells[0]?.error ?? "none answered";
    return errorResult(`No page could be loaded on any device: ${why.replace(/\.$/, "")}.`, metrics);
  }
  const findings = [...groupByPair(captured).values()].flatMap((group) => findingsFor(group, settings.minTapTargetPx));
  const missed = total - captured.length;
  return {
    outcome: findings.length ? "fail" : "pass",
    summary: summarise(captured.length, findings, settings.minTapTargetPx),
    metrics,
    findings,
    artifacts,
    reliable: !missed,
    ...(missed ? { unreliableReason: `${missed} of ${total} cells were not captured${stopped ? ` (the run ${stoppedWords(stopped)})` : ""}; see the log.` } : {}),
  };
}

function groupByPair(cells: Measured[]): Map<string, Measured[]> {
  const groups = new Map<string, Measured[]>();
  for (const c of cells) groups.set(`${c.path}\u0000${c.profile}`, [...(groups.get(`${c.path}\u0000${c.profile}`) ?? []), c]);
  return groups;
}

const screen = (profile: DeviceProfileName) => `${profile} (${DEVICE_PROFILES[profile].width}×${DEVICE_PROFILES[profile].height})`;

/** At most one overflow and one tap-target finding per page and profile, whatever the colour schemes showed. */
function findingsFor(group: Measured[], minTap: number): EngineFinding[] {
  const { path, profile } = group[0];
  const location = `${path} on ${screen(profile)}`;
  const screenshots = group.map((c) => c.artifact).filter(Boolean);
  const out: EngineFinding[] = [];
  const overflowing = group.filter((c) => c.overflowPx > 1);
  if (overflowing.length) {
    const overflowPx = Math.max(...overflowing.map((c) => c.overflowPx));
    const offenders = mergeBy(overflowing.flatMap((c) => c.offenders), (o) => o.selector).slice(0, 5);
    out.push({
      fingerprint: fingerprint("devices", "horizontal-overflow", path, profile),
      rule: "horizontal-overflow",
      severity: "serious",
      title: `${path} scrolls sideways on ${screen(profile)}: the content is ${overflowPx} px wider than the screen.`,
      location,
      advice: offenders.length
        ? `Let ${offenders[0].selector} shrink to the screen (max-width: 100%, flex-wrap, or overflow-x: auto around wide tables and code).`
        : "Find the element wider than the screen and let it shrink (max-width: 100%, flex-wrap, or overflow-x: auto around wide tables and code).",
      detail: { profile, viewport: DEVICE_PROFILES[profile].width, overflowPx, schemes: overflowing.map((c) => c.scheme), offenders, screenshots },
      gating: true,
    });
  }
  const targets = mergeBy(group.flatMap((c) => c.targets), (t) => t.selector);
  if (targets.length) {
    const n = targets.length;
    out.push({
      fingerprint: fingerprint("devices", "tap-target-too-small", path, profile),
      rule: "tap-target-too-small",
      severity: "moderate",
      title: `${n} tap target${n === 1 ? " is" : "s are"} smaller than ${minTap} × ${minTap} px on ${path} on ${screen(profile)}.`,
      location,
      advice: `Give each control at least ${minTap} × ${minTap} CSS px (padding or min-width/min-height), or space it so a ${minTap} px circle around it touches no other target (WCAG 2.2, 2.5.8).`,
      detail: { profile, minTapTargetPx: minTap, count: n, targets: targets.slice(0, MAX_LISTED), screenshots },
      gating: true,
    });
  }
  return out;
}

function mergeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

function summarise(cells: number, findings: EngineFinding[], minTap: number): string {
  const overflow = findings.filter((f) => f.rule === "horizontal-overflow").map((f) => f.location);
  const taps = findings.filter((f) => f.rule === "tap-target-too-small").map((f) => f.location);
  const head = `${cells} screenshot${cells === 1 ? "" : "s"} taken`;
  if (!findings.length) return `${head}: nothing scrolls sideways and every tap target is at least ${minTap} px.`;
  const parts = [
    overflow.length ? `sideways scrolling on ${listed(overflow)}` : "",
    taps.length ? `tap targets under ${minTap} px on ${listed(taps)}` : "",
  ].filter(Boolean);
  return `${head}: ${parts.join("; ")}.`;
}

/** Three places by name, then a count: the findings list has them all. */
const listed = (places: string[]) => (places.length <= 3 ? places.join(", ") : `${places.slice(0, 3).join(", ")} and ${places.length - 3} more`);
