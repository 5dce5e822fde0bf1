import type { TQaArtifact, TQaPoint } from "@/lib/queries/qa";

// Readers for a run's metrics: JSON written by engines that evolve on their own, so every field may be missing or
// shaped differently. Each reader answers null (or an empty list) rather than throwing.

export type Json = Record<string, unknown>;
export const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
export const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
export const count = (v: number | null) => (v === null ? "—" : int.format(v));
/** "12 ms", "340 ms", "1.2 s". */
export function ms(v: number | null): string {
  if (v === null) return "—";
  if (v < 10) return `${one.format(v)} ms`;
  if (v < 1000) return `${int.format(v)} ms`;
  return `${one.format(v / 1000)} s`;
}
const two = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2 });
/** "12.5%", and two significant digits under 1% ("0.18%"), where one decimal would round small error rates away. */
export const percent = (rate: number | null) => (rate === null ? "—" : `${rate > 0 && rate < 0.01 ? two.format(rate * 100) : one.format(rate * 100)}%`);
export const perSecond = (v: number | null) => (v === null ? "—" : `${one.format(v)}/s`);

/** The text alternative of the load charts: what a reader would take from them at a glance. */
export function pointsSummary(points: TQaPoint[]): string {
  if (!points.length) return "No per-second figures yet.";
  const values = (k: string) => points.map((p) => num(p[k])).filter((v): v is number => v !== null);
  const rps = values("rps");
  const p95 = values("p95");
  const p99 = values("p99");
  const errors = values("errors").reduce((a, b) => a + b, 0);
  const avg = rps.length ? rps.reduce((a, b) => a + b, 0) / rps.length : null;
  const parts = [`Over ${points.length} ${points.length === 1 ? "second" : "seconds"}`];
  if (avg !== null) parts.push(`${one.format(avg)} requests per second on average (lowest ${one.format(Math.min(...rps))}, highest ${one.format(Math.max(...rps))})`);
  if (p95.length) parts.push(`p95 latency between ${ms(Math.min(...p95))} and ${ms(Math.max(...p95))}`);
  if (p99.length) parts.push(`p99 at most ${ms(Math.max(...p99))}`);
  parts.push(errors ? `${int.format(errors)} ${errors === 1 ? "error" : "errors"}` : "no errors");
  return `${parts[0]}: ${parts.slice(1).join("; ")}.`;
}

export type Shot = { path: string; profile: string; scheme: string; href: string | null; width: number | null; height: number | null; overflowPx: number | null; smallTargets: number | null; error: string | null };
export type ShotGroup = { path: string; schemes: string[]; profiles: string[]; cells: Map<string, Shot> };
export const shotKey = (profile: string, scheme: string) => `${profile}|${scheme}`;

/**
 * The device matrix grouped by page, with columns by profile and rows by colour scheme. From metrics.matrix when the
 * engine wrote it, else from the screenshots' own meta ({path, profile, scheme}).
 */
export function deviceGroups(metrics: Json, artifacts: TQaArtifact[]): ShotGroup[] {
  const shots = artifacts.filter((a) => a.name.startsWith("devices/"));
  const hrefOf = (name: unknown) => shots.find((a) => a.name === name || a.name === `devices/${String(name)}`)?.href ?? null;
  const cells: Shot[] = list(metrics.matrix).length
    ? list(metrics.matrix).map((c) => {
        const m = obj(c);
        const small = m.smallTargets;
        return {
          path: str(m.path) ?? "/",
          profile: str(m.profile) ?? "unknown",
          scheme: str(m.scheme) ?? "light",
          href: hrefOf(m.artifact),
          width: num(m.width),
          height: num(m.height),
          overflowPx: num(m.overflowPx),
          smallTargets: Array.isArray(small) ? small.length : num(small),
          error: str(m.error),
        };
      })
    : shots.map((a) => ({
        path: str(a.meta.path) ?? a.name.slice("devices/".length),
        profile: str(a.meta.profile) ?? "unknown",
        scheme: str(a.meta.scheme) ?? "light",
        href: a.href,
        width: num(a.meta.width),
        height: num(a.meta.height),
        overflowPx: null,
        smallTargets: null,
        error: null,
      }));
  const order = list(metrics.profiles).map((p) => str(obj(p).name) ?? str(p)).filter((p): p is string => p !== null);
  const rank = (p: string) => (order.includes(p) ? order.indexOf(p) : order.length + ["desktop", "laptop", "tablet", "phone", "small-phone"].indexOf(p));
  const groups = new Map<string, ShotGroup>();
  for (const c of cells) {
    const g: ShotGroup = groups.get(c.path) ?? { path: c.path, schemes: [], profiles: [], cells: new Map() };
    if (!g.schemes.includes(c.scheme)) g.schemes.push(c.scheme);
    if (!g.profiles.includes(c.profile)) g.profiles.push(c.profile);
    g.cells.set(shotKey(c.profile, c.scheme), c);
    groups.set(c.path, g);
  }
  for (const g of groups.values()) {
    g.profiles.sort((a, b) => rank(a) - rank(b));
    g.schemes.sort((a, b) => (a === "light" ? -1 : b === "light" ? 1 : a.localeCompare(b)));
  }
  return [...groups.values()];
}

/** Firefox and WebKit are not installed here: the engine says so as a sentence, or as a list of engine names. */
export function enginesNote(metrics: Json): string | null {
  const given = str(metrics.enginesNote) ?? str(metrics.enginesUnavailable);
  if (given) return given;
  const names = list(metrics.enginesUnavailable).map(str).filter((n): n is string => n !== null);
  if (!names.length) return null;
  const pretty = names.map((n) => ({ firefox: "Firefox", webkit: "WebKit" })[n.toLowerCase()] ?? n);
  return `${pretty.join(" and ")} ${pretty.length === 1 ? "is" : "are"} not available on this machine; the screenshots are from Chromium only.`;
}

// ---- Fuzz, partial network failure (lib/qa/engines/fuzz.ts faultsResult) ----

/** What each of the proxy's faults is, and what the client gets from it (lib/qa/fault-proxy.ts). */
export const FAULT_WORDS: Record<string, { label: string; clientGot: string }> = {
  clean: { label: "No fault, only the delay", clientGot: "The whole answer, late" },
  "reset-before": { label: "Reset before the answer", clientGot: "A reset connection and no answer (the target got the whole request)" },
  "reset-mid": { label: "Reset during the answer", clientGot: "Part of the answer, then a reset" },
  truncate: { label: "Answer cut short", clientGot: "About half of the answer, then the connection closed" },
};
const ANSWER_WORDS: Record<string, string> = { "no answer": "had not started answering", unreachable: "could not be reached" };

export type FaultRow = { fault: string; label: string; clientGot: string; requests: number; share: number | null; targetAnswered: { answer: string; count: number; serverError: boolean }[] };
export type FaultsView = {
  requests: number | null;
  rows: FaultRow[];
  clientSaw: { answered: number | null; noAnswer: number | null; proxyUnreachable: number | null };
  latency: { beforeMs: number | null; duringMs: number | null; afterMs: number | null; addedAvgMs: number | null };
  recovered: boolean | null;
  probes: string[];
};

/** The faults-mode figures, each field null when the engine did not write it. Known faults first, in the proxy's order. */
export function faultsView(metrics: Json): FaultsView {
  const faults = obj(metrics.faults);
  const byFault = obj(faults.byFault);
  const answered = obj(metrics.targetAnswered);
  const requests = num(faults.requests);
  const known = Object.keys(FAULT_WORDS);
  const kinds = [...known.filter((k) => k in byFault || k in answered), ...[...Object.keys(byFault), ...Object.keys(answered)].filter((k, i, all) => !known.includes(k) && all.indexOf(k) === i)];
  const rows = kinds.map((fault) => {
    const n = num(byFault[fault]) ?? 0;
    const targetAnswered = Object.entries(obj(answered[fault]))
      .map(([answer, c]) => ({ answer: ANSWER_WORDS[answer] ?? answer, count: num(c) ?? 0, serverError: /^5\d\d$/.test(answer) }))
      .filter((a) => a.count > 0)
      .sort((a, b) => (Number(a.answer) || Infinity) - (Number(b.answer) || Infinity) || a.answer.localeCompare(b.answer));
    return { fault, label: FAULT_WORDS[fault]?.label ?? fault, clientGot: FAULT_WORDS[fault]?.clientGot ?? "—", requests: n, share: requests ? n / requests : null, targetAnswered };
  });
  const saw = obj(metrics.clientSaw);
  const latency = obj(metrics.latency);
  const added = num(faults.addedDelayMsTotal);
  return {
    requests,
    rows,
    clientSaw: { answered: num(saw.answered), noAnswer: num(saw.noAnswer), proxyUnreachable: num(saw.proxyUnreachable) },
    latency: { beforeMs: num(latency.beforeP50Ms), duringMs: num(latency.duringP50Ms), afterMs: num(latency.afterP50Ms), addedAvgMs: added !== null && requests ? Math.round(added / requests) : null },
    recovered: typeof metrics.recovered === "boolean" ? metrics.recovered : null,
    probes: list(metrics.probes).map(str).filter((p): p is string => p !== null),
  };
}
