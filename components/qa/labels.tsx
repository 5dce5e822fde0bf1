import {
  Accessibility, Ban, Bug, CircleAlert, CircleCheck, CircleX, Gauge, Info, Link2, ListOrdered, MonitorSmartphone, OctagonAlert, Plus, Repeat, TriangleAlert, type LucideIcon,
} from "lucide-react";
import { Spinner } from "@/components/ui/button";
import { toneClasses, type Tone } from "@/components/ui/status-pill";
import type { TQaFinding, TQaKind, TQaRunSummary, TQaStatus } from "@/lib/queries/qa";

// Copies of the labels in lib/qa/schemas.ts (importing them would bring zod into the browser); labels.test.ts keeps
// the two in step.
export const KINDS: TQaKind[] = ["load", "a11y", "links", "fuzz", "devices"];
export const KIND_LABEL: Record<TQaKind, string> = {
  load: "Load test",
  a11y: "Accessibility",
  links: "Links and smoke",
  fuzz: "Bad-input hammering",
  devices: "Devices",
};
/** A run's name: bad-input hammering run as a partial network failure is a check of its own (lib/qa/schemas.ts qaRunLabel). */
export const runLabel = (run: { kind: TQaKind; mode?: "faults" | null }) => (run.mode === "faults" ? "Partial network failure" : KIND_LABEL[run.kind]);
export const KIND_BLURB: Record<TQaKind, string> = {
  load: "Sends a fixed number of connections or a fixed arrival rate and checks k6-style thresholds such as p(95)<300.",
  a11y: "Runs axe (WCAG 2.2 A and AA) in Chromium on pages from the sitemap, a crawl or a list.",
  links: "Crawls same-origin pages and reports broken links and resources, missing titles, mixed content and slow pages.",
  fuzz: "Reads the target's OpenAPI document and sends valid and invalid requests; every finding has a curl command.",
  devices: "Screenshots pages on desktop, tablet and phone in light and dark, and flags overflow and small tap targets.",
};
export const STATUSES: TQaStatus[] = ["queued", "running", "passed", "failed", "errored", "cancelled"];
export const STATUS_LABEL: Record<TQaStatus, string> = { queued: "Queued", running: "Running", passed: "Passed", failed: "Failed", errored: "Error", cancelled: "Cancelled" };
export const CHANGE_LABEL: Record<TQaFinding["change"], string> = { new: "New", persisting: "Still there", fixed: "Fixed" };
export const TRIGGER_LABEL: Record<TQaRunSummary["trigger"], string> = { manual: "By hand", api: "API", schedule: "Schedule", deployment: "After a deploy" };
/** The trigger inside a sentence ("by Ada · through the API · 3 min ago"). */
export const TRIGGER_WORDS: Record<TQaRunSummary["trigger"], string> = { manual: "by hand", api: "through the API", schedule: "on its schedule", deployment: "after a deploy" };

/** The server's rule (lib/launch/gate.ts): "production" or "prod" asks for a confirmation before QA traffic is sent. */
export const isProd = (environment: string) => /^prod(uction)?$/i.test(environment.trim());

/** The production accent on a card's left edge, for either spelling of production. */
export const prodEdge = (environment: string) => (isProd(environment) ? "border-l-4 border-l-rose-600 dark:border-l-rose-400" : "");

export const KIND_ICON: Record<TQaKind, LucideIcon> = { load: Gauge, a11y: Accessibility, links: Link2, fuzz: Bug, devices: MonitorSmartphone };

const STATUS_META: Record<TQaStatus, { tone: Tone; icon: LucideIcon | null }> = {
  queued: { tone: "info", icon: ListOrdered },
  running: { tone: "info", icon: null },
  passed: { tone: "success", icon: CircleCheck },
  failed: { tone: "danger", icon: CircleX },
  errored: { tone: "warning", icon: TriangleAlert },
  cancelled: { tone: "neutral", icon: Ban },
};

/** A run's status as icon plus words (a spinner while it runs), never colour alone. */
export function QaStatus({ status, large }: { status: TQaStatus; large?: boolean }) {
  const { tone, icon: Icon } = STATUS_META[status];
  const size = large ? "size-4" : "size-3.5";
  return (
    <span data-status={status} className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full font-semibold ring-1 ring-inset ${large ? "px-3 py-1 text-sm" : "px-2.5 py-0.5 text-xs"} ${toneClasses[tone]}`}>
      {Icon ? <Icon aria-hidden="true" className={size} /> : <Spinner className={size} />}
      {STATUS_LABEL[status]}
    </span>
  );
}

const SEVERITY: Record<TQaFinding["severity"], { label: string; tone: Tone; icon: LucideIcon }> = {
  critical: { label: "Critical", tone: "danger", icon: OctagonAlert },
  serious: { label: "Serious", tone: "danger", icon: CircleAlert },
  moderate: { label: "Moderate", tone: "warning", icon: TriangleAlert },
  minor: { label: "Minor", tone: "neutral", icon: Info },
};

export function Severity({ severity }: { severity: TQaFinding["severity"] }) {
  const s = SEVERITY[severity] ?? SEVERITY.minor;
  return <Tag tone={s.tone} icon={s.icon}>{s.label}</Tag>;
}

const CHANGE: Record<TQaFinding["change"], { tone: Tone; icon: LucideIcon }> = {
  new: { tone: "danger", icon: Plus },
  persisting: { tone: "warning", icon: Repeat },
  fixed: { tone: "success", icon: CircleCheck },
};

export function Change({ change }: { change: TQaFinding["change"] }) {
  const c = CHANGE[change];
  return <Tag tone={c.tone} icon={c.icon}>{CHANGE_LABEL[change]}</Tag>;
}

export function Tag({ tone = "neutral", icon: Icon, children }: { tone?: Tone; icon?: LucideIcon; children: React.ReactNode }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneClasses[tone]}`}>
      {Icon && <Icon aria-hidden="true" className="size-3.5" />}
      {children}
    </span>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 new · 1 still there · 3 fixed", or "No findings" (the counts a list row or grid cell shows). */
export function FindingCounts({ findings, compact }: { findings: TQaRunSummary["findings"]; compact?: boolean }) {
  const { new: added, persisting, fixed } = findings;
  if (!added && !persisting && !fixed) return <span className="text-zinc-600 dark:text-zinc-400">No findings</span>;
  const parts: [number, string, string][] = [
    [added, "new", "font-semibold text-red-800 dark:text-red-300"],
    [persisting, "still there", "text-amber-900 dark:text-amber-200"],
    [fixed, "fixed", "text-emerald-800 dark:text-emerald-300"],
  ];
  return (
    <span className={`inline-flex flex-wrap gap-x-2 tabular-nums ${compact ? "text-xs" : "text-sm"}`}>
      {parts
        .filter(([n]) => n > 0)
        .map(([n, word, cls], i) => (
          <span key={word} className={cls}>
            {i > 0 && <span aria-hidden="true" className="mr-2 text-zinc-500">·</span>}
            {n} {word}
          </span>
        ))}
    </span>
  );
}

export const findingsWord = (n: number) => plural(n, "finding");
export { plural };
