"use client";

import { CircleAlert, Plus, Trash2, Undo2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import { secretRowKey, type SecretRow } from "./secrets";
import { SecretKeyList } from "./secret-keys";

type Props = {
  id: string;
  rows: SecretRow[];
  onChange: (rows: SecretRow[]) => void;
  errors: Record<string, string>;
  saved: string[];
  /** Saved names marked for removal on save, and how to change them (editing a profile). */
  removed?: string[];
  onRemovedChange?: (names: string[]) => void;
};

const errorText = "flex items-center gap-1 text-sm font-medium text-red-700 dark:text-red-400";

/**
 * Name and value rows for a load test's secret headers. Values are password inputs and are never read back; a profile
 * shows the names it has saved. Added rows take the focus; a removed row hands it to the next row or the Add button.
 */
export function SecretHeaders({ id, rows, onChange, errors, saved, removed = [], onRemovedChange }: Props) {
  const toggleRemoved = (name: string) => onRemovedChange?.(removed.includes(name) ? removed.filter((n) => n !== name) : [...removed, name]);
  const focus = (elementId: string) => requestAnimationFrame(() => document.getElementById(elementId)?.focus());
  const nameId = (row: SecretRow) => `${id}-secret-${row.key}-name`;
  const add = () => {
    const row = { key: Math.max(-1, ...rows.map((r) => r.key)) + 1, name: "", value: "" };
    onChange([...rows, row]);
    focus(nameId(row));
  };
  const remove = (i: number) => {
    const next = rows.filter((_, j) => j !== i);
    onChange(next);
    focus(next[i] ? nameId(next[i]) : next[i - 1] ? nameId(next[i - 1]) : `${id}-secret-add`);
  };
  const update = (i: number, patch: Partial<SecretRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset aria-describedby={`${id}-secrets-desc${errors.secrets ? ` ${id}-secrets-error` : ""}`} className="space-y-3">
      <legend className="text-sm font-medium">Secret headers</legend>
      <p id={`${id}-secrets-desc`} className="text-xs text-zinc-600 dark:text-zinc-400">
        Sent with every request of the test, stored encrypted and never shown again. Authorization and Cookie headers go here: the API refuses plain headers with those names.
      </p>
      {saved.length > 0 && (
        <div className="text-sm">
          <p className="font-medium">Saved with this profile</p>
          <SecretKeyList
            keys={saved}
            className="mt-1"
            removed={removed}
            action={
              onRemovedChange &&
              ((k) => (
                <Button variant="ghost" onClick={() => toggleRemoved(k)} aria-pressed={removed.includes(k)} className="!px-1.5 !py-1 text-xs">
                  {removed.includes(k) ? <Undo2 aria-hidden="true" className="size-3.5" /> : <Trash2 aria-hidden="true" className="size-3.5" />}
                  {removed.includes(k) ? "Keep" : "Remove"}
                  <span className="sr-only"> saved secret header {k}</span>
                </Button>
              ))
            }
          />
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">They stay as they are unless you remove them here. A row below with the same name replaces that value.</p>
        </div>
      )}
      {rows.length > 0 && (
        <ul className="space-y-3">
          {rows.map((row, i) => {
            const error = errors[secretRowKey(i)];
            const errorId = `${id}-secret-${row.key}-error`;
            const which = <span className="sr-only"> of secret header {i + 1}</span>;
            return (
              <li key={row.key} className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end">
                <div className="space-y-1.5">
                  <label htmlFor={nameId(row)} className="text-sm font-medium">
                    Header name{which}
                  </label>
                  <input
                    id={nameId(row)}
                    value={row.name}
                    onChange={(e) => update(i, { name: e.target.value })}
                    placeholder="Authorization"
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? errorId : undefined}
                    className={`${controlClass} font-mono`}
                  />
                </div>
                <div className="space-y-1.5">
                  <label htmlFor={`${id}-secret-${row.key}-value`} className="text-sm font-medium">
                    Value{which}
                  </label>
                  <input
                    id={`${id}-secret-${row.key}-value`}
                    type="password"
                    value={row.value}
                    onChange={(e) => update(i, { value: e.target.value })}
                    placeholder="Bearer …"
                    autoComplete="new-password"
                    spellCheck={false}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? errorId : undefined}
                    className={controlClass}
                  />
                </div>
                <Button variant="ghost" onClick={() => remove(i)}>
                  <Trash2 aria-hidden="true" className="size-4" />
                  Remove<span className="sr-only"> secret header {i + 1}{row.name.trim() ? ` (${row.name.trim()})` : ""}</span>
                </Button>
                {error && (
                  <p id={errorId} className={`${errorText} sm:col-span-3`}>
                    <CircleAlert aria-hidden="true" className="size-4 shrink-0" />
                    {error}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {errors.secrets && (
        <p id={`${id}-secrets-error`} className={errorText}>
          <CircleAlert aria-hidden="true" className="size-4 shrink-0" />
          {errors.secrets}
        </p>
      )}
      <Button id={`${id}-secret-add`} variant="secondary" onClick={add}>
        <Plus aria-hidden="true" className="size-4" />
        Add a secret header
      </Button>
    </fieldset>
  );
}
