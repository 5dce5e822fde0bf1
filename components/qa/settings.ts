import type { FieldIssue } from "@/lib/queries/api";
import type { TQaKind } from "@/lib/queries/qa";

// The "New QA run" and profile forms: each kind's main settings as simple fields. Only the fields a person changed
// are sent (the server fills the defaults and checks everything), and the server's issues are put back beside them.

export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;
type FieldDef = {
  key: string;
  /** Where the value goes in the kind's settings ("pages.maxPages"); issues under it belong to this field. */
  path: string;
  label: string;
  toSettings: (value: FormValue, current: unknown) => unknown;
  fromSettings: (settings: Record<string, unknown>) => FormValue | undefined;
  empty: FormValue;
  /** Rewrites the server's message for how the field shows the value (a rate typed as a percentage). */
  explain?: (message: string) => string;
};

const lines = (v: FormValue) => (typeof v === "string" ? v.split("\n").map((l) => l.trim()).filter(Boolean) : []);
const number = (v: FormValue) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : undefined);
const text = (v: FormValue) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const list = (v: FormValue) => (Array.isArray(v) ? v : []);
const at = (settings: Record<string, unknown>, path: string): unknown => path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), settings);
const asText = (v: unknown) => (typeof v === "number" || typeof v === "string" ? String(v) : undefined);
const asLines = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === "string") ? v.join("\n") : undefined);
/** 0.2 ↔ "20": people type rates as percentages; the settings hold fractions. toPrecision drops 0.07 × 100's float dust. */
const fromPercent = (v: FormValue) => (number(v) === undefined ? undefined : Number((number(v)! / 100).toPrecision(12)));
const asPercent = (v: unknown) => (typeof v === "number" ? String(Number((v * 100).toPrecision(12))) : undefined);

function field(key: string, path: string, label: string, kind: "number" | "percent" | "text" | "lines" | "bool" | "choice" | "list"): FieldDef {
  const read = (s: Record<string, unknown>) => at(s, path);
  switch (kind) {
    case "number":
      return { key, path, label, empty: "", toSettings: (v) => number(v), fromSettings: (s) => asText(read(s)) };
    case "percent":
      return { key, path, label, empty: "", toSettings: fromPercent, fromSettings: (s) => asPercent(read(s)), explain: (m) => m.replace(/\b0 to 1$/, "0 to 100 (%)").replace(/at most 1$/, "at most 100%") };
    case "text":
    case "choice":
      return { key, path, label, empty: "", toSettings: (v) => text(v), fromSettings: (s) => asText(read(s)) };
    case "lines":
      return { key, path, label, empty: "", toSettings: (v) => (lines(v).length ? lines(v) : undefined), fromSettings: (s) => asLines(read(s)) };
    case "bool":
      return { key, path, label, empty: false, toSettings: (v) => v === true, fromSettings: (s) => (typeof read(s) === "boolean" ? (read(s) as boolean) : undefined) };
    case "list":
      return { key, path, label, empty: [], toSettings: (v) => list(v), fromSettings: (s) => (Array.isArray(read(s)) ? (read(s) as string[]).map(String) : undefined) };
  }
}

type Request = { method?: string; path?: string };
/** Paths one per line become GET requests; a path that was already a request keeps its method, headers and body. */
const requests: FieldDef = {
  key: "load.paths",
  path: "requests",
  label: "Paths",
  empty: "",
  toSettings: (v, current) => {
    const known = Array.isArray(current) ? (current as Request[]) : [];
    const paths = lines(v);
    return paths.length ? paths.map((p) => known.find((r) => r?.path === p) ?? { method: "GET", path: p }) : undefined;
  },
  fromSettings: (s) => (Array.isArray(s.requests) ? (s.requests as Request[]).map((r) => r?.path).filter((p): p is string => typeof p === "string").join("\n") : undefined),
};

export const FIELDS: Record<TQaKind, FieldDef[]> = {
  load: [
    field("load.mode", "mode", "Mode", "choice"),
    field("load.connections", "connections", "Connections", "number"),
    field("load.rate", "rate", "Requests per second", "number"),
    field("load.durationSeconds", "durationSeconds", "Duration (seconds)", "number"),
    requests,
    field("load.thresholds", "thresholds", "Thresholds", "lines"),
  ],
  a11y: [field("a11y.source", "pages.source", "Pages from", "choice"), field("a11y.paths", "pages.paths", "Paths", "lines"), field("a11y.maxPages", "pages.maxPages", "Most pages", "number")],
  links: [field("links.maxPages", "maxPages", "Most pages", "number"), field("links.checkExternal", "checkExternal", "Check external links", "bool")],
  fuzz: [
    field("fuzz.mode", "mode", "What to test", "choice"),
    field("fuzz.openapiPath", "openapiPath", "OpenAPI document", "text"),
    field("fuzz.allowUnsafeMethods", "allowUnsafeMethods", "Allow unsafe methods", "bool"),
    field("fuzz.pages", "pages", "Pages to check", "lines"),
    field("fuzz.rounds", "faults.rounds", "Rounds", "number"),
    field("fuzz.latencyMs", "faults.latencyMs", "Added delay (ms)", "number"),
    field("fuzz.latencyJitterMs", "faults.latencyJitterMs", "Delay varies by up to (ms)", "number"),
    field("fuzz.resetRate", "faults.resetRate", "Connections reset (%)", "percent"),
    {
      ...field("fuzz.truncateRate", "faults.truncateRate", "Answers cut short (%)", "percent"),
      explain: (m) => (/ plus /.test(m) ? "Resets and cut answers together must be at most 100%" : m.replace(/\b0 to 1$/, "0 to 100 (%)")),
    },
  ],
  devices: [field("devices.paths", "paths", "Paths", "lines"), field("devices.profiles", "profiles", "Device profiles", "list"), field("devices.colorSchemes", "colorSchemes", "Colour schemes", "list")],
};

export const DEVICE_PROFILES = [
  { id: "desktop", label: "Desktop", size: "1440 × 900" },
  { id: "laptop", label: "Laptop", size: "1280 × 800" },
  { id: "tablet", label: "Tablet", size: "820 × 1180" },
  { id: "phone", label: "Phone", size: "390 × 844" },
  { id: "small-phone", label: "Small phone", size: "360 × 740" },
] as const;
/** What the server uses when a field is left alone; shown as placeholders and initial choices, never sent. */
export const DEFAULTS: FormValues = {
  "load.mode": "connections",
  "a11y.source": "sitemap",
  "devices.profiles": ["desktop", "tablet", "phone"],
  "devices.colorSchemes": ["light", "dark"],
  "links.checkExternal": false,
  "fuzz.allowUnsafeMethods": false,
  "fuzz.mode": "inputs",
};

/** Fuzz settings that only the partial-network-failure mode reads; the form shows them only in that mode. */
export const FUZZ_FAULTS_ONLY = ["fuzz.pages", "fuzz.rounds", "fuzz.latencyMs", "fuzz.latencyJitterMs", "fuzz.resetRate", "fuzz.truncateRate"];

/** The form's starting values: a saved profile's settings, else the defaults. */
export function initialValues(kind: TQaKind, settings: Record<string, unknown> = {}): FormValues {
  const out: FormValues = {};
  for (const f of FIELDS[kind]) out[f.key] = f.fromSettings(settings) ?? DEFAULTS[f.key] ?? f.empty;
  return out;
}

function setAt(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split(".");
  let o = target;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    o = o[k] = next && typeof next === "object" && !Array.isArray(next) ? { ...(next as Record<string, unknown>) } : {};
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}

/**
 * The settings to send: `base` (a profile's saved settings, or nothing) with the changed fields laid over it. A field
 * emptied by hand is removed, so the server's default applies again.
 */
export function buildSettings(kind: TQaKind, values: FormValues, changed: ReadonlySet<string>, base: Record<string, unknown> = {}): Record<string, unknown> {
  const out = structuredClone(base);
  for (const f of FIELDS[kind]) if (changed.has(f.key)) setAt(out, f.path, f.toSettings(values[f.key] ?? f.empty, at(base, f.path)));
  // Rate mode carries a rate; connections mode must not (the server says so, but the form can keep them apart).
  if (kind === "load" && out.mode === "connections") delete out.rate;
  // Likewise the fuzz modes: what the chosen mode does not read is hidden in the form, so it is not sent either.
  if (kind === "fuzz" && (out.mode ?? "inputs") === "inputs") {
    delete out.pages;
    delete out.faults;
  }
  if (kind === "fuzz" && out.mode === "faults") delete out.allowUnsafeMethods;
  for (const k of Object.keys(out)) if (out[k] && typeof out[k] === "object" && !Array.isArray(out[k]) && !Object.keys(out[k] as object).length) delete out[k];
  return out;
}

const TOP_LEVEL: Record<string, string> = { targetId: "targetId", kind: "kind", name: "name", everyHours: "everyHours", afterDeploy: "afterDeploy", confirmProduction: "confirmProduction", profileId: "profileId" };
const sentence = (s: string) => (s ? `${s[0].toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? "" : "."}` : s);

/**
 * The API's issues placed on the form: field key → message ("Line 2: must start with “/”." for one line of a list),
 * and what fits no field, to show above the buttons.
 */
export function placeIssues(kind: TQaKind, issues: FieldIssue[]): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const top = TOP_LEVEL[issue.path];
    if (top) {
      fields[top] ??= sentence(issue.message);
      continue;
    }
    const rest = issue.path.startsWith("settings.") ? issue.path.slice("settings.".length) : null;
    const f = rest === null ? undefined : FIELDS[kind].filter((d) => rest === d.path || rest.startsWith(`${d.path}.`)).sort((a, b) => b.path.length - a.path.length)[0];
    if (!f || rest === null) {
      other.push(`${issue.path}: ${issue.message}`);
      continue;
    }
    const tail = rest.slice(f.path.length).split(".").filter(Boolean);
    const index = tail.find((t) => /^\d+$/.test(t));
    const name = [...rest.split(".")].reverse().find((t) => !/^\d+$/.test(t)) ?? "";
    // Engine messages often start with the setting's own name ("connections must be…", "faults.latencyMs must be…");
    // the label already says it.
    const prefix = [rest, name].find((p) => p && issue.message.startsWith(`${p} `));
    const stripped = prefix ? issue.message.slice(prefix.length + 1) : issue.message;
    const message = f.explain ? f.explain(stripped) : stripped;
    fields[f.key] ??= sentence(index !== undefined ? `Line ${Number(index) + 1}: ${message}` : message);
  }
  return { fields, other };
}
