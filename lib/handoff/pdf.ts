import { createHash } from "node:crypto";
import path from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { env } from "../env";

// Chromium for the pack: Mermaid diagrams drawn to SVG, and the page printed to PDF. Nothing in a pack may reach out,
// so the browser is launched the way lib/qa/browser.ts launches it, but with every host name unresolvable, and every
// request its pages make is aborted: the only inputs are the HTML handed in and the Mermaid bundle read from disk.

const RENDER_TIMEOUT_MS = 15_000;

// One Chromium per process, started on the first pack and closed after a minute without one: a launch costs more than
// the printing, and a team exporting twice (or the API fuzzing suite) should not pay it each time. Packs take turns
// (one at a time per process), so a burst of exports cannot start a Chromium per request on a two-core box. Each pack
// gets a fresh, offline context: nothing of one pack is visible to the next.
const IDLE_CLOSE_MS = 60_000;
let shared: Promise<Browser> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let queue: Promise<unknown> = Promise.resolve();

function browser(): Promise<Browser> {
  if (!shared) {
    const launching = chromium.launch({
      executablePath: env.CHROMIUM_PATH,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND"],
    });
    shared = launching;
    launching.then(
      (b) => b.on("disconnected", () => {
        if (shared === launching) shared = null;
      }),
      () => {
        if (shared === launching) shared = null;
      },
    );
  }
  return shared;
}

function scheduleClose() {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    const closing = shared;
    shared = null;
    void closing?.then((b) => b.close()).catch(() => undefined);
  }, IDLE_CLOSE_MS);
  idleTimer.unref();
}

async function withBrowser<T>(run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const turn = queue.then(async () => {
    if (idleTimer) clearTimeout(idleTimer);
    const context = await (await browser()).newContext({ serviceWorkers: "block", javaScriptEnabled: true, offline: true });
    try {
      await context.route("**/*", (route) => route.abort("blockedbyclient"));
      await context.routeWebSocket(/.*/, (ws) => void ws.close().catch(() => undefined));
      return await run(context);
    } finally {
      await context.close().catch(() => undefined);
      scheduleClose();
    }
  });
  queue = turn.catch(() => undefined);
  return turn;
}

/** Closes the shared browser now (tests and shutdown). */
export async function closeHandoffBrowser() {
  if (idleTimer) clearTimeout(idleTimer);
  const closing = shared;
  shared = null;
  await closing?.then((b) => b.close()).catch(() => undefined);
}

// The IIFE bundle, read from disk by Playwright and inlined into the page (no request is made for it).
const mermaidBundle = () => path.join(process.cwd(), "node_modules", "mermaid", "dist", "mermaid.min.js");

/**
 * Mermaid sources → SVG, keyed by the exact source. A source that does not parse is left out (the pack then shows
 * its text). The SVG is cleaned in the page before it leaves: no script, no event handlers, no links out.
 */
export async function renderDiagrams(sources: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(sources.filter((s) => s.trim()))];
  const out = new Map<string, string>();
  if (!unique.length) return out;
  await withBrowser(async (context) => {
    const page = await context.newPage();
    page.setDefaultTimeout(RENDER_TIMEOUT_MS);
    await page.setContent("<!doctype html><html><head><meta charset=utf-8></head><body></body></html>");
    await page.addScriptTag({ path: mermaidBundle() });
    const rendered = (await page.evaluate(`(${RENDER_IN_PAGE})(${JSON.stringify(unique)})`)) as (string | null)[];
    unique.forEach((src, i) => {
      if (rendered[i]) out.set(src, rendered[i]!);
    });
    await page.close();
  });
  return out;
}

// Runs in the page, so it is a string: the test runner's transform would otherwise add helpers the page lacks.
const RENDER_IN_PAGE = `async (sources) => {
  const mermaid = globalThis.mermaid;
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral", htmlLabels: false, flowchart: { htmlLabels: false } });
  // Parsed the way the pack's page will parse it (the HTML parser, in an inert template), cleaned as a DOM, and
  // serialised back as HTML: what is checked is what the page gets.
  const clean = (svgText) => {
    const t = document.createElement("template");
    t.innerHTML = svgText;
    const root = t.content.firstElementChild;
    if (!root || root.localName !== "svg" || t.content.children.length !== 1) return null;
    const drop = new Set(["script", "iframe", "object", "embed", "foreignobject", "animate", "set", "animatemotion", "animatetransform", "image", "feimage"]);
    for (const el of [root, ...root.querySelectorAll("*")]) {
      const name = el.localName.toLowerCase();
      if (el !== root && drop.has(name)) { el.remove(); continue; }
      // A link keeps its text, not its target.
      if (name === "a") { el.replaceWith(...el.childNodes); continue; }
      for (const attr of [...el.attributes]) {
        const n = attr.name.toLowerCase();
        const v = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
        if (n.startsWith("on") || (n.endsWith("href") && !v.startsWith("#")) || v.includes("javascript:")) el.removeAttribute(attr.name);
      }
    }
    return root.outerHTML;
  };
  const out = [];
  for (let i = 0; i < sources.length; i++) {
    try {
      await mermaid.parse(sources[i]);
      const { svg } = await mermaid.render("handoff-diagram-" + i, sources[i]);
      out.push(clean(svg));
    } catch {
      out.push(null);
    }
    for (const el of document.querySelectorAll("[id^='dhandoff-diagram-'], [id^='handoff-diagram-']")) el.remove();
  }
  return out;
}`;

// The same page prints to the same PDF: a few recent prints are kept, so exporting again before anything changed (the
// page is stamped to the minute) answers at once instead of printing again.
const PRINTED_KEEP = 4;
const printed = new Map<string, Uint8Array>();

/** Prints the pack's page to an A4 PDF with page numbers; the page can load nothing while it is printed. */
export async function printPdf(html: string): Promise<Uint8Array> {
  const key = createHash("sha256").update(html).digest("hex");
  const hit = printed.get(key);
  if (hit) return hit;
  const pdf = await printUncached(html);
  printed.set(key, pdf);
  while (printed.size > PRINTED_KEEP) printed.delete(printed.keys().next().value!);
  return pdf;
}

async function printUncached(html: string): Promise<Uint8Array> {
  return withBrowser(async (context) => {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.setContent(html, { waitUntil: "load" });
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate:
        '<div style="width:100%;font-size:8px;color:#555;text-align:center;font-family:sans-serif;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
    });
    await page.close();
    return new Uint8Array(pdf);
  });
}
