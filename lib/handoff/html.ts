import { isSafeHref, renderMarkdown } from "../markdown/render";
import { STAGE_LABELS, STATUS_LABELS } from "../launch/schemas";
import type { HandoffCheckUptime, HandoffData, HandoffFeedback, HandoffLaunch, HandoffRoadmapItem, HandoffUptimeDay } from "./gather";
import {
  EMPTY, ROADMAP_KINDS, SECTIONS, dateTime, day, duration, escapeHtml as esc, findingsText, liveText, msText, pct, personText, qaResult, runbookWarnings,
  sectionTitle, uptimeWord, words, type SectionId,
} from "./format";

// The pack as one printable page. It is opened from a zip on anyone's machine and printed to PDF by Chromium, so it
// must stand alone: inline CSS, server-drawn SVG charts, no script, and a CSP that forbids script and every load.
// The CSP is the second wall, not the first: every piece of text is escaped, and everything the team wrote in
// Markdown goes through renderMarkdown (raw HTML off, safe links only), so the page is inert even without the CSP.

export const HANDOFF_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

type Opts = { diagrams?: Map<string, string> };

export async function handoffHtml(data: HandoffData, opts: Opts = {}): Promise<string> {
  const md = (text: string) => withDiagrams(renderMarkdown(text), opts.diagrams);
  const body = [
    overview(data),
    targets(data),
    checklist(data, md),
    deployments(data),
    uptime(data),
    incidents(data),
    qa(data),
    feedback(data, md),
    runbooks(data, md),
    roadmap(data, md),
  ].join("\n");
  const title = `${data.project.name}: handoff pack (${day(data.generatedAt)})`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${HANDOFF_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="cover">
<p class="kicker">Handoff pack</p>
<h1>${esc(data.project.name)}</h1>
<p class="meta">Generated ${esc(dateTime(data.generatedAt))} by T-Minus</p>
${toc(data)}
</header>
${body}
</body>
</html>
`;
}

// ---- Mermaid ---------------------------------------------------------------------------------------------------------

const FIGURE = /<figure class="md-mermaid" data-mermaid=""(?: tabindex="0")?><pre class="md-mermaid-source"(?: tabindex="0")?><code>([\s\S]*?)<\/code><\/pre><\/figure>/g;
const unescapeHtml = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

/** Puts each drawn diagram in place of its source; a diagram that could not be drawn keeps its source, with a note. */
function withDiagrams(html: string, diagrams: Map<string, string> | undefined): string {
  return html.replace(FIGURE, (figure, code: string) => {
    const svg = diagrams?.get(unescapeHtml(code));
    if (svg) return `<figure class="md-mermaid" data-mermaid="">${scrubSvg(svg)}</figure>`;
    const note = diagrams ? "Diagram source (it could not be drawn; shown as written)." : "Diagram source (Mermaid).";
    return figure.replace("</figure>", `<figcaption>${note}</figcaption></figure>`);
  });
}

/**
 * renderDiagrams already cleans the SVG in the browser (DOM walk); this is the belt to those braces for SVG handed in
 * from elsewhere: no script elements, no event handler attributes, no links that are not web addresses or anchors.
 */
export function scrubSvg(svg: string): string {
  const trimmed = svg.trim();
  if (!/^<svg[\s>]/i.test(trimmed)) return "";
  return trimmed
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, "")
    .replace(/<\/?(script|iframe|object|embed)\b[^>]*>/gi, "")
    .replace(/\s(on[a-z0-9_:-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, "")
    .replace(/\s((?:xlink:)?href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, (attr, _name: string, raw: string) => {
      const value = unescapeHtml(raw.replace(/^["']|["']$/g, ""));
      return value.startsWith("#") || /^https?:/i.test(value.replace(/[\u0000-\u0020]/g, "")) ? attr : "";
    });
}

// ---- Pieces ----------------------------------------------------------------------------------------------------------

const section = (id: SectionId, inner: string) => `<section class="sec" id="sec-${id}">\n<h2>${esc(sectionTitle(id))}</h2>\n${inner}\n</section>`;
const empty = (text: string) => `<p class="empty">${esc(text)}</p>`;
const table = (head: string[], rows: string[][], cls = "") =>
  `<table${cls ? ` class="${cls}"` : ""}><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
/** A status shown as a word in a tinted box: the colour repeats the word, never replaces it. */
const badge = (word: string, tone: "good" | "warn" | "bad" | "none") => `<span class="st st-${tone}">${esc(word)}</span>`;
const link = (url: string | null, text?: string) =>
  url && /^https?:\/\//i.test(url) && isSafeHref(url) ? `<a href="${esc(url)}" rel="noopener noreferrer nofollow">${esc(text ?? url)}</a>` : esc(text ?? url ?? "");

function toc(d: HandoffData): string {
  const items = SECTIONS.map((s) => {
    const sub =
      s.id === "runbooks" && d.runbooks.length
        ? `<ol>${d.runbooks.map((p, i) => `<li><a href="#runbook-${i}">${esc(p.title)}</a></li>`).join("")}</ol>`
        : "";
    return `<li><a href="#sec-${s.id}">${esc(s.title)}</a>${sub}</li>`;
  });
  return `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${items.join("")}</ol></nav>`;
}

function overview(d: HandoffData): string {
  const active = d.launches.find((l) => l.active);
  const openIncidents = d.incidents.filter((i) => i.status === "open").length;
  const facts: [string, string][] = [
    ["Project", `${esc(d.project.name)} <code>${esc(d.project.slug)}</code>, created ${esc(day(d.project.createdAt))}`],
    ["Description", d.project.description ? `<span class="pre">${esc(d.project.description)}</span>` : "<em>No description.</em>"],
    ["Targets", d.targets.length ? d.targets.map((t) => `${esc(t.name)} (${esc(t.environment)})`).join(", ") : esc(EMPTY.targets)],
    ["Live now", d.deployments.live.length ? d.deployments.live.map((l) => `${esc(l.targetName)}: <strong>${esc(l.version ?? "nothing deployed")}</strong>`).join(", ") : esc(EMPTY.deployments)],
    [
      "Launch",
      active
        ? `${esc(active.name)}, ${esc(STAGE_LABELS[active.stage])}, readiness ${Math.round(active.readiness.score)}/100 ${badge(active.readiness.go ? "go" : "no-go", active.readiness.go ? "good" : "bad")}`
        : esc(EMPTY.checklist),
    ],
    ["Incidents (90 days)", `${d.incidents.length} (${openIncidents} open)`],
    ["Open feedback", String(d.feedback.openCount)],
    ["Runbook pages", String(d.runbooks.length)],
  ];
  const team = d.members.length ? table(["Name", "Email", "Role"], d.members.map((m) => [esc(m.name), esc(m.email), esc(m.role)])) : empty("No members.");
  return section("overview", `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl>\n<h3>Team</h3>\n${team}`);
}

function targets(d: HandoffData): string {
  const parts = ['<p class="note">Secret values are never exported: only the names of the secrets a target has.</p>'];
  if (!d.targets.length) parts.push(empty(EMPTY.targets));
  for (const t of d.targets) {
    const p = t.policy;
    const rows: [string, string][] = [
      ["Environment", esc(t.environment)],
      ["Site", `${link(t.baseUrl)} (health: <code>${esc(t.healthPath)}</code>)`],
      ["Provider", esc(words(t.providerKind))],
      ["Secrets configured (names only)", t.secretNames.length ? t.secretNames.map((n) => `<code>${esc(n)}</code>`).join(", ") : "none"],
      ["Approvals", p.approvalsRequired ? `${p.approvalsRequired} from ${esc(p.approverRoles.join(" or "))}, valid ${p.approvalExpiryMinutes} min` : "none required"],
      ["Queue and verification", `${esc(words(p.queuePolicy))}; verify for ${p.verifySeconds} s; automatic rollback ${p.autoRollback ? "on" : "off"}`],
      ["Public status page", p.publicStatus ? "shown" : "not shown"],
      ["Lock", p.locked ? `${badge("locked", "bad")} since ${esc(dateTime(p.locked.at))} by ${esc(p.locked.by)}: ${esc(p.locked.reason)}` : badge("not locked", "good")],
      [
        "Uptime checks",
        t.checks.length ? t.checks.map((c) => `${esc(c.name)} (${esc(c.kind)}, every ${c.intervalSeconds} s) ${stateBadge(c.enabled ? c.state : "disabled")}`).join("<br>") : "none",
      ],
    ];
    parts.push(`<h3>${esc(t.name)}</h3><dl class="facts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl>`);
  }
  parts.push("<h3>Notification channels</h3>");
  parts.push(
    d.notificationChannels.length
      ? table(["Name", "Format", "Events", "Enabled"], d.notificationChannels.map((c) => [esc(c.name), esc(c.format), esc(c.events.join(", ") || "none"), c.enabled ? "yes" : "no"]))
      : empty(EMPTY.channels),
  );
  return section("targets", parts.join("\n"));
}

const stateBadge = (state: string) => badge(state, state === "up" ? "good" : state === "degraded" ? "warn" : state === "down" ? "bad" : "none");

function itemStatusBadge(status: keyof typeof STATUS_LABELS) {
  const tone = status === "done" ? "good" : status === "waived" || status === "in_progress" ? "warn" : status === "todo" ? "bad" : "none";
  return badge(STATUS_LABELS[status], tone);
}

function launchHtml(launch: HandoffLaunch, md: (s: string) => string): string {
  const r = launch.readiness;
  const parts = [
    `<h3>${esc(launch.name)} ${launch.active ? badge("active", "good") : badge(`archived ${day(launch.archivedAt)}`, "none")}</h3>`,
    `<dl class="facts"><dt>Stage</dt><dd>${esc(STAGE_LABELS[launch.stage])}</dd><dt>Target date</dt><dd>${esc(launch.targetDate ? day(launch.targetDate) : "not set")}</dd>` +
      `<dt>Readiness</dt><dd>${Math.round(r.score)}/100 ${badge(r.go ? "go" : "no-go", r.go ? "good" : "bad")} ${esc(r.verdict)}</dd>` +
      (launch.templateName ? `<dt>Template</dt><dd>${esc(launch.templateName)}</dd>` : "") +
      `</dl>`,
    "<h4>What holds it</h4>",
    r.holding.length
      ? `<ul>${r.holding.map((h) => `<li><strong>${esc(h.ref)}</strong> ${esc(h.title)} (${esc(h.section)}): ${esc(h.problem)}</li>`).join("")}</ul>`
      : empty("Nothing: every item that counts is complete."),
  ];
  const sections = new Map<string, HandoffLaunch["items"]>();
  for (const item of launch.items) sections.set(item.section, [...(sections.get(item.section) ?? []), item]);
  for (const [title, items] of sections) {
    const score = r.sections.find((s) => s.title === title);
    parts.push(`<h4>${esc(title)}</h4>`);
    if (score) parts.push(`<p class="note">${Math.round(score.score)}/100, ${score.satisfied} of ${score.total} complete, ${score.blockingOpen} blocking open.</p>`);
    parts.push(
      table(
        ["Ref", "Item", "Status", "Blocking", "Owner / assignee", "Sign-off", "Waiver", "Evidence"],
        items.map((i) => [
          esc(i.ref),
          esc(i.title) + (i.binding ? `<br><small>${esc(i.binding.label)}: ${esc(i.binding.ok === null ? "not measured yet" : `${i.binding.ok ? "ok" : "not ok"} ${i.binding.summary ?? ""}`)}</small>` : ""),
          itemStatusBadge(i.status) + (i.problem && (i.status === "done" || i.status === "waived") ? `<br><small>${esc(i.problem)}</small>` : ""),
          i.blocking ? "yes" : "no",
          esc([i.owner, i.assignee].map((p) => (p ? p.name || p.email : "")).filter(Boolean).join(" / ") || "—"),
          i.signOff ? `${esc(i.signOff.by)}, ${esc(day(i.signOff.at))}${i.signOff.expired ? ` ${badge("expired", "bad")}` : ""}` : i.signOffRequired ? badge("required, not signed", "warn") : "—",
          i.waiver ? `${esc(i.waiver.by)} until ${esc(day(i.waiver.expiresAt))}${i.waiver.expired ? ` ${badge("expired", "bad")}` : ""}: ${esc(i.waiver.reason)}` : "—",
          String(i.evidenceCount),
        ]),
        "checklist",
      ),
    );
  }
  const detailed = launch.items.filter((i) => i.description.trim() || launch.extras[i.id]);
  if (detailed.length) {
    parts.push("<h4>Item details, evidence and comments</h4>");
    for (const i of detailed) {
      const extras = launch.extras[i.id];
      const bits = [`<h5>${esc(i.ref)} ${esc(i.title)} ${itemStatusBadge(i.status)}</h5>`];
      if (i.description.trim()) bits.push(`<div class="md">${md(i.description)}</div>`);
      if (extras?.evidence.length) {
        bits.push(
          `<p class="label">Evidence</p><ul class="evidence">${extras.evidence
            .map((e) => `<li>${e.url ? `${link(e.url)} ` : ""}<span class="md inline">${md(e.text)}</span> <small>${esc(e.addedBy)}, ${esc(day(e.createdAt))}, ${esc(e.kind)}</small></li>`)
            .join("")}</ul>`,
        );
      }
      if (extras?.comments.length) {
        bits.push(
          `<p class="label">Comments</p>${extras.comments.map((c) => `<blockquote class="comment"><p class="who">${esc(c.author)}, ${esc(dateTime(c.createdAt))}</p><div class="md">${md(c.body)}</div></blockquote>`).join("")}`,
        );
      }
      parts.push(`<div class="item">${bits.join("")}</div>`);
    }
  }
  return parts.join("\n");
}

function checklist(d: HandoffData, md: (s: string) => string): string {
  return section("checklist", d.launches.length ? d.launches.map((l) => launchHtml(l, md)).join("\n") : empty(EMPTY.checklist));
}

function deployTone(status: string) {
  return status === "succeeded" ? "good" : status === "failed" || status === "rolled_back" ? "bad" : status === "cancelled" ? "none" : "warn";
}

function deployments(d: HandoffData): string {
  const live = d.deployments.live.length
    ? table(["Target", "Environment", "Version live"], d.deployments.live.map((l) => [esc(l.targetName), esc(l.environment), l.version ? `<strong>${esc(liveText(l))}</strong>` : esc(liveText(l))]))
    : empty(EMPTY.targets);
  const history = d.deployments.history.length
    ? table(
        ["#", "Target", "Version", "Kind", "Status", "Requested by", "Requested", "Finished", "Reason"],
        d.deployments.history.map((x) => [
          String(x.number), esc(x.targetName), esc(x.version), esc(x.kind), badge(words(x.status), deployTone(x.status)), esc(x.requestedBy), esc(dateTime(x.createdAt)),
          esc(dateTime(x.finishedAt)), esc(x.failureReason ?? x.reason),
        ]),
        "small",
      )
    : empty(EMPTY.deployments);
  return section("deployments", `<h3>Live now</h3>\n${live}\n<h3>History (latest ${d.deployments.history.length} of ${d.deployments.total})</h3>\n${history}`);
}

// ---- Charts ------------------------------------------------------------------------------------------------------------

const W = 680;
const H = 150;
const PAD = { left: 52, right: 10, top: 10, bottom: 24 };
const TONE_FILL = { good: "#2e7d4f", degraded: "#c98a00", poor: "#c0392b", "no data": "#d0d4da" } as const;

/** Bars of uptime % per day. The scale starts below the worst day so a 99.5% day does not look like 100%. */
export function uptimeChart(days: HandoffUptimeDay[], label: string): string {
  const known = days.map((x) => x.uptimePct).filter((p): p is number => p !== null);
  const lo = known.length ? Math.max(0, Math.min(99, Math.floor(Math.min(...known)) - 1)) : 99;
  const pw = W - PAD.left - PAD.right;
  const ph = H - PAD.top - PAD.bottom;
  const bw = pw / Math.max(1, days.length);
  const y = (p: number) => PAD.top + ph - ((p - lo) / (100 - lo)) * ph;
  const bars = days.map((x, i) => {
    const word = uptimeWord(x.uptimePct);
    const top = x.uptimePct === null ? PAD.top + ph - 3 : Math.min(y(x.uptimePct), PAD.top + ph - 2);
    return `<rect x="${(PAD.left + i * bw + 0.5).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${(PAD.top + ph - top).toFixed(1)}" fill="${TONE_FILL[word]}"><title>${esc(`${x.day}: ${pct(x.uptimePct)} (${word})`)}</title></rect>`;
  });
  const summary = `${label}: ${known.length} of ${days.length} days with results; lowest ${known.length ? pct(Math.min(...known)) : "no data"}.`;
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H + 18}" width="${W}" height="${H + 18}" role="img" aria-label="${esc(summary)}">
<title>${esc(summary)}</title>
${axes(lo, 100, (v) => `${v}%`, y, days)}
${bars.join("\n")}
${legend([["good", "≥ 99.9%"], ["degraded", "99–99.9%"], ["poor", "< 99%"], ["no data", ""]].map(([w, range]) => [TONE_FILL[w as keyof typeof TONE_FILL], `${w}${range ? ` (${range})` : ""}`, "rect"]))}
</svg>`;
}

/** p50 and p95 per day as two lines (solid and dashed, so they differ without colour); gaps where there is no data. */
export function latencyChart(days: HandoffUptimeDay[], label: string): string {
  const values = days.flatMap((x) => [x.p50, x.p95]).filter((v): v is number => v !== null);
  const max = niceCeil(values.length ? Math.max(...values) : 100);
  const pw = W - PAD.left - PAD.right;
  const ph = H - PAD.top - PAD.bottom;
  const step = pw / Math.max(1, days.length);
  const x = (i: number) => PAD.left + i * step + step / 2;
  const y = (v: number) => PAD.top + ph - (v / max) * ph;
  const line = (key: "p50" | "p95", colour: string, dash: string) => {
    const segments: string[][] = [[]];
    days.forEach((dd, i) => {
      const v = dd[key];
      if (v === null) segments.push([]);
      else segments[segments.length - 1].push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    return segments
      .filter((s) => s.length)
      .map((s) =>
        s.length === 1
          ? `<circle cx="${s[0].split(",")[0]}" cy="${s[0].split(",")[1]}" r="2" fill="${colour}"/>`
          : `<polyline points="${s.join(" ")}" fill="none" stroke="${colour}" stroke-width="1.6"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
      )
      .join("\n");
  };
  const p95s = days.map((dd) => dd.p95).filter((v): v is number => v !== null);
  const summary = `${label}: ${values.length ? `p95 from ${msText(Math.min(...p95s))} to ${msText(Math.max(...p95s))}` : "no latency data"}.`;
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H + 18}" width="${W}" height="${H + 18}" role="img" aria-label="${esc(summary)}">
<title>${esc(summary)}</title>
${axes(0, max, (v) => `${v} ms`, y, days)}
${line("p95", "#7b3fa0", "5 3")}
${line("p50", "#1f5fa8", "")}
${legend([["#1f5fa8", "p50 (solid line)", "line"], ["#7b3fa0", "p95 (dashed line)", "dash"]])}
</svg>`;
}

function niceCeil(v: number): number {
  if (v <= 0) return 10;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= v) return m * mag;
  return 10 * mag;
}

function axes(lo: number, hi: number, fmt: (v: number) => string, y: (v: number) => number, days: HandoffUptimeDay[]): string {
  const mid = lo + (hi - lo) / 2;
  const ticks = [lo, mid, hi].map(
    (v) =>
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e6ea"/><text x="${PAD.left - 4}" y="${(y(v) + 3).toFixed(1)}" text-anchor="end" font-size="9" fill="#444">${esc(fmt(Math.round(v * 10) / 10))}</text>`,
  );
  const first = days[0]?.day ?? "";
  const last = days[days.length - 1]?.day ?? "";
  return `${ticks.join("\n")}
<text x="${PAD.left}" y="${H - 8}" font-size="9" fill="#444">${esc(first)}</text>
<text x="${W - PAD.right}" y="${H - 8}" font-size="9" fill="#444" text-anchor="end">${esc(last)} (today, partial)</text>`;
}

function legend(entries: string[][]): string {
  let xPos = PAD.left;
  return entries
    .map(([colour, text, shape]) => {
      const mark =
        shape === "rect"
          ? `<rect x="${xPos}" y="${H + 4}" width="10" height="10" fill="${colour}"/>`
          : `<line x1="${xPos}" x2="${xPos + 14}" y1="${H + 9}" y2="${H + 9}" stroke="${colour}" stroke-width="2"${shape === "dash" ? ' stroke-dasharray="4 2"' : ""}/>`;
      const out = `${mark}<text x="${xPos + 18}" y="${H + 13}" font-size="10" fill="#222">${esc(text)}</text>`;
      xPos += 30 + text.length * 5.6;
      return out;
    })
    .join("\n");
}

function checkUptime(c: HandoffCheckUptime): string {
  const figures = table(
    ["Window", "Uptime", "Down", "Runs", "Failures", "p50", "p95", "p99"],
    (["30d", "90d"] as const).map((w) => {
      const f = c.windows[w];
      const word = uptimeWord(f.uptimePct);
      return [
        w === "30d" ? "30 days" : "90 days", `${esc(pct(f.uptimePct))} ${badge(word, word === "good" ? "good" : word === "degraded" ? "warn" : word === "poor" ? "bad" : "none")}`,
        esc(duration(f.downMs)), String(f.runs), String(f.failures), esc(msText(f.p50)), esc(msText(f.p95)), esc(msText(f.p99)),
      ];
    }),
  );
  const last30 = c.days.slice(-30);
  const charts = [
    `<figure class="chart"><figcaption>Uptime per day, last 30 days</figcaption>${uptimeChart(last30, `${c.name}, uptime per day, 30 days`)}</figure>`,
    `<figure class="chart"><figcaption>Latency per day (p50, p95), last 30 days</figcaption>${latencyChart(last30, `${c.name}, latency per day, 30 days`)}</figure>`,
    `<figure class="chart"><figcaption>Uptime per day, last 90 days</figcaption>${uptimeChart(c.days, `${c.name}, uptime per day, 90 days`)}</figure>`,
    `<figure class="chart"><figcaption>Latency per day (p50, p95), last 90 days</figcaption>${latencyChart(c.days, `${c.name}, latency per day, 90 days`)}</figure>`,
  ];
  const known = c.days.filter((x) => x.uptimePct !== null || x.p50 !== null);
  const daily = known.length
    ? table(["Day (UTC)", "Uptime", "Down", "p50", "p95"], known.map((x) => [esc(x.day), `${esc(pct(x.uptimePct))} (${uptimeWord(x.uptimePct)})`, esc(duration(x.downMs)), esc(msText(x.p50)), esc(msText(x.p95))]), "small daily")
    : empty(EMPTY.uptimeData);
  return `<div class="check"><h3>${esc(c.name)} <small>${esc(c.kind)}${c.targetName ? `, ${esc(c.targetName)}` : ""}</small> ${stateBadge(c.enabled ? c.state : "disabled")}</h3>
${figures}
${charts.join("\n")}
<h4>Per day, as a table (days with results in the last 90)</h4>
${daily}</div>`;
}

function uptime(d: HandoffData): string {
  const intro = '<p class="note">Uptime is the share of known time (maintenance excluded) that a check was up or degraded. Days are UTC.</p>';
  return section("uptime", intro + (d.uptime.length ? d.uptime.map(checkUptime).join("\n") : empty(EMPTY.uptime)));
}

function incidents(d: HandoffData): string {
  return section(
    "incidents",
    d.incidents.length
      ? table(
          ["#", "Title", "Status", "Check", "Started", "Resolved", "Duration", "Acknowledged by", "Cause"],
          d.incidents.map((i) => [
            String(i.number), esc(i.title), badge(i.status, i.status === "open" ? "bad" : "good"), esc(i.checkName), esc(dateTime(i.startedAt)), esc(dateTime(i.resolvedAt)),
            esc(i.durationMs === null ? "ongoing" : duration(i.durationMs)), esc(i.acknowledgedBy ?? "—"), esc(i.cause),
          ]),
          "small",
        )
      : empty(EMPTY.incidents),
  );
}

function qa(d: HandoffData): string {
  if (!d.qa.length) return section("qa", empty(EMPTY.qa));
  const parts = ['<p class="note">The latest finished run of each kind on each target.</p>'];
  for (const r of d.qa) {
    const tone = r.status === "passed" ? "good" : r.status === "failed" ? "bad" : "warn";
    parts.push(
      `<div class="qa"><h3>${esc(r.ref)}: ${esc(r.kind)} on ${esc(r.targetName)} ${badge(qaResult(r.status), tone)}</h3>`,
      `<p>${esc(r.summary ?? "")}</p><p class="note">Finished ${esc(dateTime(r.finishedAt))}. Findings: ${esc(findingsText(r.findings))}.${r.reliable ? "" : ` Unreliable: ${esc(r.unreliableReason ?? "yes")}.`}</p>`,
      r.topFindings.length
        ? table(
            ["Severity", "Finding", "Where", "Gating", "Advice"],
            r.topFindings.map((f) => [esc(f.severity), esc(f.title), `<code>${esc(f.location)}</code>`, f.gating ? "yes" : f.needsReview ? "review" : "no", esc(f.advice)]),
            "small",
          )
        : empty(EMPTY.findings),
      "</div>",
    );
  }
  return section("qa", parts.join("\n"));
}

function feedbackItem(f: HandoffFeedback, md: (s: string) => string): string {
  const tone = f.severity === "critical" || f.severity === "high" ? "bad" : f.severity === "medium" ? "warn" : "none";
  return `<div class="item"><h4>${esc(f.ref)} ${esc(f.title)}</h4><p class="note">${esc(words(f.type))}, ${esc(words(f.status))}, ${badge(`severity ${f.severity ?? "not set"}`, tone)}, ${f.voteCount} votes, filed ${esc(day(f.createdAt))}</p>${
    f.body.trim() ? `<div class="md">${md(f.body)}</div>` : ""
  }</div>`;
}

function feedback(d: HandoffData, md: (s: string) => string): string {
  const f = d.feedback;
  const parts = ["<h3>Open feedback</h3>"];
  if (!f.openCount) parts.push(empty(EMPTY.feedback));
  else {
    parts.push(
      `<p><strong>${f.openCount}</strong> open item${f.openCount === 1 ? "" : "s"} (new, accepted, planned or in progress).</p>`,
      `<div class="pair">${table(["Severity", "Open"], (["critical", "high", "medium", "low", "unset"] as const).map((s) => [esc(s === "unset" ? "not set" : s), String(f.bySeverity[s])]))}${table(
        ["Type", "Open"],
        Object.entries(f.byType).map(([t, n]) => [esc(t), String(n)]),
      )}</div>`,
      `<h4>Top ${f.top.length} by votes</h4>`,
      ...f.top.map((x) => feedbackItem(x, md)),
    );
  }
  parts.push("<h3>Known issues</h3>");
  const known = [
    ...d.knownIssues.roadmap.map((r) => `<li>${roadmapLine(r)}</li>`),
    ...d.knownIssues.bugs.map((b) => `<li><strong>${esc(b.ref)}</strong> ${esc(b.title)} (bug, ${badge(b.severity ?? "", "bad")}, ${esc(words(b.status))}, ${b.voteCount} votes)</li>`),
  ];
  parts.push(known.length ? `<ul>${known.join("")}</ul>` : empty(EMPTY.knownIssues));
  return section("feedback", parts.join("\n"));
}

function runbooks(d: HandoffData, md: (s: string) => string): string {
  if (!d.runbooks.length) return section("runbooks", empty(EMPTY.runbooks));
  const pages = d.runbooks.map((p, i) => {
    const warn = runbookWarnings(p);
    return `<article class="runbook" id="runbook-${i}">
<h3>${esc(p.title)} <small><code>${esc(p.key)}</code></small></h3>
<p class="note">Owner: ${esc(personText(p.owner))}. Last reviewed: ${esc(day(p.reviewedAt))}. Last updated: ${esc(dateTime(p.updatedAt))}.</p>
${warn.map((w) => `<p class="warning">${badge("Warning", "warn")} ${esc(w)}</p>`).join("\n")}
<div class="md">${p.body.trim() ? md(p.body) : "<p><em>This page is empty.</em></p>"}</div>
</article>`;
  });
  return section("runbooks", pages.join("\n"));
}

function roadmapLine(r: HandoffRoadmapItem): string {
  const tone = r.status === "done" ? "good" : r.status === "in_progress" ? "warn" : "none";
  return `<strong>${esc(r.title)}</strong> ${badge(words(r.status), tone)} <small>owner: ${esc(personText(r.owner))}; target release: ${esc(r.targetRelease ?? "not set")}${
    r.feedback ? `; from ${esc(r.feedback.ref)} ${esc(r.feedback.title)}` : ""
  }</small>`;
}

function roadmap(d: HandoffData, md: (s: string) => string): string {
  const parts = ROADMAP_KINDS.map(({ kind, title }) => {
    const items = d.roadmap.filter((r) => r.kind === kind);
    return `<h3>${esc(title)}</h3>\n${
      items.length ? `<ul class="roadmap">${items.map((r) => `<li>${roadmapLine(r)}${r.notes.trim() ? `<div class="md">${md(r.notes)}</div>` : ""}</li>`).join("")}</ul>` : empty(EMPTY.roadmap[kind])
    }`;
  });
  return section("roadmap", parts.join("\n"));
}

const CSS = `
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
html { color: #1b1f24; background: #fff; }
body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 26pt; margin: 0 0 4pt; }
h2 { font-size: 17pt; border-bottom: 2px solid #1b1f24; padding-bottom: 3pt; margin: 0 0 10pt; }
h3 { font-size: 13pt; margin: 14pt 0 6pt; }
h4 { font-size: 11pt; margin: 12pt 0 4pt; }
h5 { font-size: 10.5pt; margin: 8pt 0 3pt; }
h3, h4, h5 { break-after: avoid; }
small { color: #4a525c; font-weight: normal; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 9pt; background: #f2f4f6; padding: 0 2pt; border-radius: 2pt; }
pre { background: #f6f8fa; border: 1px solid #e1e4e8; padding: 6pt; white-space: pre-wrap; word-break: break-word; font-size: 9pt; }
pre code { background: none; padding: 0; }
a { color: #0b57a4; }
.cover .kicker { text-transform: uppercase; letter-spacing: .08em; color: #4a525c; margin: 0; }
.cover .meta { color: #4a525c; }
.toc ol { padding-left: 18pt; }
.toc li { margin: 2pt 0; }
.sec { break-before: page; padding-top: 2pt; }
.facts { display: grid; grid-template-columns: 42mm 1fr; gap: 3pt 10pt; margin: 0 0 8pt; }
.facts dt { font-weight: 600; color: #333; }
.facts dd { margin: 0; }
.pre { white-space: pre-line; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; font-size: 9pt; }
th, td { border: 1px solid #d5d9de; padding: 3pt 5pt; text-align: left; vertical-align: top; word-break: break-word; }
th { background: #f2f4f6; }
tr { break-inside: avoid; }
table.small { font-size: 8.5pt; }
table.daily { width: auto; }
.pair { display: flex; gap: 12pt; }
.pair table { width: auto; }
.st { display: inline-block; border: 1px solid; border-radius: 3pt; padding: 0 4pt; font-size: 8.5pt; font-weight: 600; white-space: nowrap; }
.st-good { color: #1e5c38; background: #e6f4ea; border-color: #9dcfb0; }
.st-warn { color: #6b4a00; background: #fff4d6; border-color: #e8c766; }
.st-bad { color: #8a1f14; background: #fde8e6; border-color: #eba79f; }
.st-none { color: #3d444d; background: #f2f4f6; border-color: #c9ced4; }
.empty { font-style: italic; color: #4a525c; border-left: 3px solid #c9ced4; padding-left: 6pt; }
.note { color: #4a525c; font-size: 9.5pt; }
.warning { background: #fff8e1; border: 1px solid #e8c766; padding: 4pt 6pt; }
.label { font-weight: 600; margin: 6pt 0 2pt; }
.item { border-top: 1px solid #e3e6ea; padding-top: 4pt; margin-top: 6pt; }
.md.inline > p { display: inline; margin: 0; }
.md img { max-width: 100%; }
blockquote.comment { margin: 4pt 0 4pt 8pt; padding-left: 8pt; border-left: 3px solid #c9ced4; }
blockquote.comment .who { font-size: 9pt; color: #4a525c; margin: 0; }
figure { margin: 6pt 0 10pt; }
figure.chart { break-inside: avoid; }
figure.chart figcaption, figure.md-mermaid figcaption { font-size: 9pt; color: #4a525c; }
svg.chart { max-width: 100%; height: auto; display: block; }
figure.md-mermaid svg { max-width: 100%; height: auto; }
.check, .qa, .runbook { break-inside: auto; }
.runbook { border-top: 2px solid #e3e6ea; margin-top: 12pt; }
.md-prompt { background: #fff4d6; border: 1px dashed #c98a00; padding: 0 2pt; }
@media print { a { color: inherit; } body { padding: 0; } }
`;
