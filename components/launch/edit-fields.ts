import type { TBindingKind, TItem } from "@/lib/queries/launch";

// Pure helpers for the edit forms (item, launch, template): server issues as field errors, and the automated binding
// as form values and back. No React and no zod, so the forms' chunks stay small and the unit tests run in node.

type Issue = { path: string; message: string };

/**
 * The server's issues as errors beside their fields: an issue whose path has a label ("title", "binding.targetId")
 * becomes "Title is required."; the rest are listed above the form, their path in words. The first issue per field wins.
 */
export function issuesToFields(issues: Issue[], labels: Record<string, string>): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const { path, message } of issues) {
    const label = labels[path];
    if (label) fields[path] ??= `${label} ${message}.`;
    else other.push(`${pathWords(path)} ${message}.`);
  }
  return { fields, other };
}

/** "binding.windowDays" as "The automated check's window days"; "" as "The request". */
export function pathWords(path: string): string {
  if (!path || path === "body") return "The request";
  const words = (s: string) => s.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  const [head, ...rest] = path.split(".");
  if (head === "binding") return rest.length ? `The automated check's ${words(PARAM_LABEL[rest.join(".")] ?? rest.join(" "))}` : "The automated check";
  const text = words(path.split(".").join(" "));
  return text[0].toUpperCase() + text.slice(1);
}

/** How each known parameter is labelled in the form; a parameter a new source adds shows its own name. */
export const PARAM_LABEL: Record<string, string> = {
  targetId: "Target",
  checkId: "Check id",
  windowDays: "Window (days)",
  minPercent: "Minimum uptime (%)",
  withinDays: "Within (days)",
};
export const paramLabel = (name: string) => PARAM_LABEL[name] ?? name;
/** Parameters entered as numbers; the rest are sent as text. */
export const NUMBER_PARAMS = new Set(["windowDays", "minPercent", "withinDays"]);

/** The binding as the form holds it: kind "" is manual; every parameter as the text in its input. */
export type BindingForm = { kind: string; params: Record<string, string> };

export function bindingForm(binding: TItem["binding"]): BindingForm {
  if (!binding) return { kind: "", params: {} };
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(binding.params)) if (v !== null && v !== undefined) params[k] = String(v);
  return { kind: binding.kind, params };
}

export type BindingInput = ({ kind: string } & Record<string, unknown>) | null;

/**
 * What the form says, as the PATCH's `binding` (null for manual), or errors keyed like the server's ("binding.kind",
 * "binding.targetId") that say what to enter. Only the chosen kind's parameters are sent; empty optional ones are left
 * out so the server fills its defaults.
 */
export function bindingInput(form: BindingForm, kinds: TBindingKind[]): { binding: BindingInput; errors: Record<string, string> } {
  if (!form.kind) return { binding: null, errors: {} };
  const kind = kinds.find((k) => k.kind === form.kind);
  if (!kind) return { binding: null, errors: { "binding.kind": "Choose what T-Minus should watch from the list, or Manual." } };
  const errors: Record<string, string> = {};
  const binding: { kind: string } & Record<string, unknown> = { kind: kind.kind };
  for (const p of kind.params) {
    const raw = (form.params[p.name] ?? "").trim();
    const key = `binding.${p.name}`;
    if (!raw) {
      if (p.required) errors[key] = p.name === "targetId" ? "Choose the target T-Minus should watch." : `${paramLabel(p.name)} is required: ${p.description}.`;
      continue;
    }
    if (NUMBER_PARAMS.has(p.name)) {
      const n = Number(raw);
      if (!Number.isFinite(n)) errors[key] = `${paramLabel(p.name)} must be a number: ${p.description}.`;
      else binding[p.name] = n;
    } else binding[p.name] = raw;
  }
  return Object.keys(errors).length ? { binding: null, errors } : { binding, errors };
}

/** Whether the binding the form produced is the one the item has: then the PATCH leaves it out (re-binding resets the measurement). */
export function sameBinding(current: TItem["binding"], next: BindingInput): boolean {
  if (!current || !next) return !current && !next;
  if (current.kind !== next.kind) return false;
  const had = bindingForm(current).params;
  const sent = Object.entries(next).filter(([k]) => k !== "kind");
  return sent.length === Object.keys(had).length && sent.every(([k, v]) => had[k] === String(v));
}
