"use client";

import { TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import type { TQaKind } from "@/lib/queries/qa";
import { DEVICE_PROFILES, type FormValue, type FormValues } from "./settings";

type Props = { id: string; kind: TQaKind; values: FormValues; set: (key: string, value: FormValue) => void; errors: Record<string, string> };

const str = (v: FormValue | undefined) => (typeof v === "string" ? v : "");
const arr = (v: FormValue | undefined) => (Array.isArray(v) ? v : []);
const pill =
  "inline-flex items-center gap-2 rounded-md border border-zinc-300 px-2.5 py-1.5 text-sm has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-500 dark:border-zinc-600 dark:has-[:checked]:border-indigo-400 dark:has-[:checked]:bg-indigo-950";

function Check({ id, checked, onChange, label, hint, error }: { id: string; checked: boolean; onChange: (v: boolean) => void; label: ReactNode; hint?: ReactNode; error?: string }) {
  return (
    <div>
      <label htmlFor={id} className="flex items-start gap-2 text-sm">
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} className="mt-0.5 size-4 shrink-0 accent-indigo-600" />
        <span>
          <span className="font-medium">{label}</span>
          {hint && <span className="block text-xs text-zinc-600 dark:text-zinc-400">{hint}</span>}
        </span>
      </label>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

function Choices({ id, legend, options, value, onChange, error }: { id: string; legend: string; options: { id: string; label: ReactNode }[]; value: string[]; onChange: (v: string[]) => void; error?: string }) {
  const toggle = (o: string) => onChange(value.includes(o) ? value.filter((x) => x !== o) : [...value, o]);
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="mt-1.5 flex flex-wrap gap-2">
        {options.map((o) => (
          <label key={o.id} className={pill}>
            <input type="checkbox" checked={value.includes(o.id)} onChange={() => toggle(o.id)} className="size-4 accent-indigo-600" />
            {o.label}
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** One choice of a few, each with a sentence; native radios, so arrow keys move between them. */
function Radios({ id, legend, options, value, onChange, error }: { id: string; legend: string; options: { value: string; label: string; hint: string }[]; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="mt-1.5 grid gap-2 sm:grid-cols-2">
        {options.map((o) => (
          <label key={o.value} className={`${pill} items-start`}>
            <input type="radio" name={id} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} className="mt-0.5 size-4 shrink-0 accent-indigo-600" />
            <span>
              <span className="font-medium">{o.label}</span>
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">{o.hint}</span>
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The kind's main settings; empty fields keep the server's defaults (shown as placeholders). */
export function KindFields({ id, kind, values, set, errors }: Props) {
  const v = (key: string) => str(values[key]);
  const num = (key: string, label: string, placeholder: string, description: ReactNode, min: number, max: number, decimals = false) => (
    <TextField
      id={`${id}-${key}`}
      type="number"
      inputMode={decimals ? "decimal" : "numeric"}
      step={decimals ? "any" : undefined}
      min={min}
      max={max}
      label={label}
      value={v(key)}
      onChange={(e) => set(key, e.target.value)}
      placeholder={placeholder}
      description={description}
      error={errors[key]}
    />
  );
  switch (kind) {
    case "load": {
      const rate = v("load.mode") === "rate";
      return (
        <div className="space-y-4">
          <Radios
            id={`${id}-load.mode`}
            legend="Mode"
            value={v("load.mode")}
            onChange={(mode) => set("load.mode", mode)}
            options={[
              { value: "connections", label: "Fixed connections", hint: "Each connection sends its next request when the answer comes." },
              { value: "rate", label: "Fixed rate", hint: "Requests per second, whatever the answers do." },
            ]}
            error={errors["load.mode"]}
          />
          <div className="grid gap-4 sm:grid-cols-3">
            {num("load.connections", "Connections", "10", rate ? "That carry the rate." : "1 to 1,000 at once.", 1, 1000)}
            {rate && (
              <TextField
                id={`${id}-load.rate`}
                type="number"
                inputMode="numeric"
                min={1}
                max={100000}
                required
                label="Requests per second"
                value={v("load.rate")}
                onChange={(e) => set("load.rate", e.target.value)}
                placeholder="50"
                error={errors["load.rate"]}
              />
            )}
            {num("load.durationSeconds", "Duration (seconds)", "30", "1 to 600.", 1, 600)}
          </div>
          <TextAreaField id={`${id}-load.paths`} label="Paths" rows={3} value={v("load.paths")} onChange={(e) => set("load.paths", e.target.value)} placeholder="/" description="One per line, requested with GET in turn. Empty: /." error={errors["load.paths"]} />
          <TextAreaField
            id={`${id}-load.thresholds`}
            label="Thresholds"
            rows={3}
            value={v("load.thresholds")}
            onChange={(e) => set("load.thresholds", e.target.value)}
            placeholder={"p(95)<300\np(99)<1000\nrate(errors)<0.01"}
            description={
              <>
                One per line, in k6 syntax: <code className="font-mono">p(95)&lt;300</code> (95% of requests answer within 300 ms), <code className="font-mono">rate(errors)&lt;0.01</code> (fewer than 1% errors). Empty: the three shown.{" "}
                {/* lib/qa/thresholds.ts certainToFail: in connections mode the only bound on the total is the 20M request cap. */}
                {rate ? (
                  <>
                    At a fixed rate, a <code className="font-mono">p(…)</code>, <code className="font-mono">max</code> or <code className="font-mono">rate(errors)</code> limit stops the run as soon as it can no longer hold.
                  </>
                ) : (
                  <>
                    With fixed connections, only a <code className="font-mono">max</code> or <code className="font-mono">rate(errors)==0</code> threshold can stop the run early; the others are judged at the end.
                  </>
                )}
              </>
            }
            error={errors["load.thresholds"]}
          />
        </div>
      );
    }
    case "a11y":
      return (
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField id={`${id}-a11y.source`} label="Pages from" value={v("a11y.source")} onChange={(e) => set("a11y.source", e.target.value)} error={errors["a11y.source"]}>
              <option value="sitemap">The sitemap (/sitemap.xml)</option>
              <option value="crawl">A crawl of the site&apos;s own links</option>
              <option value="list">The paths listed below</option>
            </SelectField>
            {num("a11y.maxPages", "Most pages", "10", "1 to 50.", 1, 50)}
          </div>
          <TextAreaField
            id={`${id}-a11y.paths`}
            label="Paths"
            rows={3}
            required={v("a11y.source") === "list"}
            value={v("a11y.paths")}
            onChange={(e) => set("a11y.paths", e.target.value)}
            placeholder={"/\n/pricing"}
            description={v("a11y.source") === "list" ? "One per line: the pages to audit." : "One per line. Used when pages come from the list."}
            error={errors["a11y.paths"]}
          />
        </div>
      );
    case "links":
      return (
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">{num("links.maxPages", "Most pages", "50", "Pages crawled, 1 to 500; links on them are all checked.", 1, 500)}</div>
          <Check
            id={`${id}-links.checkExternal`}
            checked={values["links.checkExternal"] === true}
            onChange={(c) => set("links.checkExternal", c)}
            label="Check external links"
            hint="Also follow links to other sites, one request at a time per site. Broken ones are warnings; they do not fail the run."
            error={errors["links.checkExternal"]}
          />
        </div>
      );
    case "fuzz": {
      const faults = v("fuzz.mode") === "faults";
      return (
        <div className="space-y-4">
          <Radios
            id={`${id}-fuzz.mode`}
            legend="What to test"
            value={v("fuzz.mode")}
            onChange={(mode) => set("fuzz.mode", mode)}
            options={[
              { value: "inputs", label: "Bad input", hint: "Valid and invalid requests to each operation in the OpenAPI document: wrong types, missing fields, oversized bodies." },
              { value: "faults", label: "Partial network failure", hint: "Pages and GET requests sent through a proxy that slows, resets and cuts off connections; then a check that the target answers normally again." },
            ]}
            error={errors["fuzz.mode"]}
          />
          <TextField
            id={`${id}-fuzz.openapiPath`}
            label="OpenAPI document"
            value={v("fuzz.openapiPath")}
            onChange={(e) => set("fuzz.openapiPath", e.target.value)}
            placeholder="/openapi.json"
            description={faults ? "Its GET operations go through the proxy too. A path on the target or an http(s) URL; empty: /openapi.json. If it cannot be read, only the pages are checked." : "A path on the target, or an http(s) URL. Empty: /openapi.json."}
            error={errors["fuzz.openapiPath"]}
          />
          {faults ? (
            <>
              <TextAreaField
                id={`${id}-fuzz.pages`}
                label="Pages to check"
                rows={3}
                value={v("fuzz.pages")}
                onChange={(e) => set("fuzz.pages", e.target.value)}
                placeholder={"/\n/pricing"}
                description="One path per line, up to 20. Each is requested before the faults, through them, and after them. Empty: /."
                error={errors["fuzz.pages"]}
              />
              <div className="grid gap-4 sm:grid-cols-3">
                {num("fuzz.rounds", "Rounds", "3", "Times every page and operation goes through the proxy, 1 to 20.", 1, 20)}
                {num("fuzz.latencyMs", "Added delay (ms)", "200", "Per request, 0 to 10,000: half before it is sent on, half before its answer is read.", 0, 10_000)}
                {num("fuzz.latencyJitterMs", "Delay varies by up to (ms)", "100", "More or less than the added delay, 0 to 5,000.", 0, 5_000)}
              </div>
              <div className="grid gap-4 sm:grid-cols-2">
                {num("fuzz.resetRate", "Connections reset (%)", "20", "Share of requests whose connection is dropped, before or during the answer.", 0, 100, true)}
                {num("fuzz.truncateRate", "Answers cut short (%)", "20", "Share of requests whose answer stops about halfway. With resets, at most 100 in all.", 0, 100, true)}
              </div>
            </>
          ) : (
            <>
              <Check
                id={`${id}-fuzz.allowUnsafeMethods`}
                checked={values["fuzz.allowUnsafeMethods"] === true}
                onChange={(c) => set("fuzz.allowUnsafeMethods", c)}
                label="Allow unsafe methods (POST, PUT, PATCH, DELETE)"
                hint="Off: only GET, HEAD and OPTIONS are sent."
                error={errors["fuzz.allowUnsafeMethods"]}
              />
              {values["fuzz.allowUnsafeMethods"] === true && (
                <p role="note" className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
                  <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
                  This writes data: hundreds of requests will create, change and delete records on the target. Use a target whose data you can throw away.
                </p>
              )}
            </>
          )}
        </div>
      );
    }
    case "devices":
      return (
        <div className="space-y-4">
          <TextAreaField id={`${id}-devices.paths`} label="Paths" rows={3} value={v("devices.paths")} onChange={(e) => set("devices.paths", e.target.value)} placeholder={"/\n/pricing"} description="One per line, up to 10. Empty: /." error={errors["devices.paths"]} />
          <Choices
            id={`${id}-devices.profiles`}
            legend="Device profiles"
            value={arr(values["devices.profiles"])}
            onChange={(list) => set("devices.profiles", list)}
            options={DEVICE_PROFILES.map((p) => ({
              id: p.id,
              label: (
                <span>
                  {p.label} <span className="tabular-nums text-zinc-600 dark:text-zinc-400">{p.size}</span>
                </span>
              ),
            }))}
            error={errors["devices.profiles"]}
          />
          <Choices
            id={`${id}-devices.colorSchemes`}
            legend="Colour schemes"
            value={arr(values["devices.colorSchemes"])}
            onChange={(list) => set("devices.colorSchemes", list)}
            options={[
              { id: "light", label: "Light" },
              { id: "dark", label: "Dark" },
            ]}
            error={errors["devices.colorSchemes"]}
          />
        </div>
      );
  }
}
