import type { HandoffData } from "./gather";

// Words, numbers and dates shared by the Markdown files and the HTML page, so both say the same thing in the same way.

export const SECTIONS = [
  { id: "overview", file: "README.md", title: "Project overview" },
  { id: "targets", file: "01-targets.md", title: "Targets and providers" },
  { id: "checklist", file: "02-launch-checklist.md", title: "Launch checklist" },
  { id: "deployments", file: "03-deployments.md", title: "Deployments" },
  { id: "uptime", file: "04-uptime.md", title: "Uptime and latency" },
  { id: "incidents", file: "05-incidents.md", title: "Incidents" },
  { id: "qa", file: "06-qa.md", title: "Latest QA results" },
  { id: "feedback", file: "07-feedback-and-known-issues.md", title: "Open feedback and known issues" },
  { id: "runbooks", file: "08-runbooks/README.md", title: "Runbooks" },
  { id: "roadmap", file: "09-roadmap.md", title: "Roadmap" },
] as const;
export type SectionId = (typeof SECTIONS)[number]["id"];
export const sectionTitle = (id: SectionId) => SECTIONS.find((s) => s.id === id)!.title;

export const EMPTY = {
  targets: "No targets are configured.",
  channels: "No notification channels.",
  checklist: "No launch checklist: this project has had no launch yet.",
  deployments: "No deployments yet.",
  uptime: "No uptime checks are configured.",
  uptimeData: "No results in this window.",
  incidents: `No incidents in the last 90 days.`,
  qa: "No finished QA runs.",
  findings: "No open findings.",
  feedback: "No open feedback.",
  knownIssues: "No known issues.",
  runbooks: "No runbook pages yet.",
  roadmap: { planned: "No planned items.", scalability: "No scalability notes.", known_issue: "No known issues on the roadmap." },
} as const;

export const ROADMAP_KINDS = [
  { kind: "planned", title: "Planned" },
  { kind: "scalability", title: "Scalability notes" },
  { kind: "known_issue", title: "Known issues" },
] as const;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string | number | null | undefined) => String(s ?? "").replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * Plain text inside Markdown (titles, names, table cells): one line, and nothing a viewer would read as a table edge,
 * a link, emphasis or HTML.
 */
export const mdText = (s: string | number | null | undefined) =>
  String(s ?? "")
    .replace(/\s+/g, " ")
    .replace(/([\\`*_[\]|#])/g, "\\$1")
    .replace(/</g, "&lt;")
    .trim();

export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : "—");
export const dateTime = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—");

/** Uptime as people read it: two decimals, "no data" rather than a misleading 0% or 100%. */
export const pct = (n: number | null | undefined) => (n === null || n === undefined ? "no data" : `${n.toFixed(2)}%`);
export const msText = (n: number | null | undefined) => (n === null || n === undefined ? "—" : `${Math.round(n)} ms`);

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Uptime level as a word, so no status is told by colour alone. */
export function uptimeWord(p: number | null): "no data" | "good" | "degraded" | "poor" {
  if (p === null) return "no data";
  if (p >= 99.9) return "good";
  if (p >= 99) return "degraded";
  return "poor";
}

export const words = (s: string) => s.replace(/_/g, " ");

export const personText = (p: { name: string; email: string } | null) => (p ? (p.name ? `${p.name} <${p.email}>` : p.email) : "no owner");

/** A runbook key as a file name inside the zip: no path separators or dots that could climb out of the folder. */
export function runbookFiles(keys: string[]): string[] {
  const used = new Set<string>(["readme"]);
  return keys.map((key) => {
    const base = key.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "page";
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return `08-runbooks/${name}.md`;
  });
}

export function runbookWarnings(page: HandoffData["runbooks"][number]): string[] {
  const out: string[] = [];
  if (page.openPrompts.length) out.push(`${page.openPrompts.length} template prompt${page.openPrompts.length === 1 ? "" : "s"} still to fill in: ${page.openPrompts.join("; ")}.`);
  if (!page.reviewedAt) out.push("Never reviewed.");
  else if (page.stale) out.push(`Not reviewed in the last 90 days (last reviewed ${day(page.reviewedAt)}).`);
  return out;
}

export const liveText = (l: HandoffData["deployments"]["live"][number]) =>
  l.version ? `${l.version} (deployment #${l.deploymentNumber}, since ${dateTime(l.since)})` : "nothing deployed through T-Minus yet";

export const findingsText = (f: HandoffData["qa"][number]["findings"]) =>
  `${f.new} new, ${f.persisting} persisting, ${f.fixed} fixed; ${f.gating} gating, ${f.needsReview} to review`;

export const qaResult = (status: string) => ({ passed: "Passed", failed: "Failed", errored: "Errored" })[status] ?? words(status);
