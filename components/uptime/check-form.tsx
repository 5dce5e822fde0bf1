"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { focusFirstField } from "@/components/deployments/dialog-loading";
import { ApiError } from "@/lib/queries/api";
import { createCheck, updateCheck, type TCheck } from "@/lib/queries/uptime";

export type CheckTarget = { id: string; name: string; environment: string; healthUrl: string };
type Kind = TCheck["kind"];

const KINDS: { value: Kind; label: string }[] = [
  { value: "http", label: "HTTP(S) request" },
  { value: "tls", label: "TLS certificate expiry" },
  { value: "tcp", label: "TCP port open" },
];

/** Form state as text, as the inputs hold it; numbers are parsed on submit and a blank one takes the server's default. */
type Values = Record<string, string>;

function initialValues(check: TCheck | undefined, targets: CheckTarget[]): Values {
  const s = (check?.settings ?? {}) as Record<string, unknown>;
  const kw = s.keyword as { text?: string; mode?: string } | undefined;
  const jp = s.jsonPath as { path?: string; equals?: string } | undefined;
  const str = (v: unknown, fallback = "") => (v === undefined || v === null ? fallback : String(v));
  return {
    name: check?.name ?? "",
    targetId: check ? (check.targetId ?? "") : (targets[0]?.id ?? ""),
    kind: check?.kind ?? "http",
    url: str(s.url, check ? "" : (targets[0]?.healthUrl ?? "")),
    method: str(s.method, "GET"),
    expectedStatus: str(s.expectedStatus, "200-299"),
    keywordText: kw?.text ?? "",
    keywordMode: kw?.mode ?? "present",
    jsonPath: jp?.path ?? "",
    jsonEquals: jp?.equals ?? "",
    degradedAboveMs: str(s.degradedAboveMs),
    followRedirects: s.followRedirects === false ? "no" : "yes",
    host: str(s.host),
    port: str(s.port, check?.kind === "tls" ? "443" : ""),
    warnDays: str(s.warnDays, "14"),
    intervalSeconds: str(check?.intervalSeconds, "60"),
    timeoutSeconds: str(check?.timeoutSeconds, "10"),
    failuresToOpen: str(check?.failuresToOpen, "2"),
    successesToClose: str(check?.successesToClose, "1"),
    reminderMinutes: str(check?.reminderMinutes, "60"),
  };
}

/** A number from an input: blank is left out (the API's default), anything else is sent as typed so the API names it. */
const num = (v: string): number | undefined => (v.trim() === "" ? undefined : Number(v));

function settingsOf(kind: Kind, v: Values): Record<string, unknown> {
  if (kind === "http") {
    return {
      url: v.url.trim(),
      method: v.method,
      expectedStatus: v.expectedStatus.trim() || undefined,
      keyword: v.keywordText ? { text: v.keywordText, mode: v.keywordMode } : undefined,
      jsonPath: v.jsonPath.trim() ? { path: v.jsonPath.trim(), equals: v.jsonEquals } : undefined,
      degradedAboveMs: num(v.degradedAboveMs),
      followRedirects: v.followRedirects === "yes",
    };
  }
  if (kind === "tls") return { host: v.host.trim(), port: num(v.port), warnDays: num(v.warnDays) };
  return { host: v.host.trim(), port: num(v.port) };
}

// API issue paths → the form's own field names.
const FIELD_OF: Record<string, string> = {
  "settings.url": "url",
  "settings.method": "method",
  "settings.expectedStatus": "expectedStatus",
  "settings.keyword.text": "keywordText",
  "settings.keyword": "keywordText",
  "settings.jsonPath.path": "jsonPath",
  "settings.jsonPath.equals": "jsonEquals",
  "settings.jsonPath": "jsonPath",
  "settings.degradedAboveMs": "degradedAboveMs",
  "settings.host": "host",
  "settings.port": "port",
  "settings.warnDays": "warnDays",
};
const SHOWN = new Set(["name", "targetId", "kind", "url", "method", "expectedStatus", "keywordText", "jsonPath", "jsonEquals", "degradedAboveMs", "host", "port", "warnDays", "intervalSeconds", "timeoutSeconds", "failuresToOpen", "successesToClose", "reminderMinutes"]);
const sentence = (m: string) => `${m[0].toUpperCase()}${m.slice(1)}${/[.!?]$/.test(m) ? "" : "."}`;

/** Add a check, or edit one (its kind then stays). Loaded when its dialog first opens. */
export function CheckForm({ projectId, targets, check, onCancel, onDone }: { projectId: string; targets: CheckTarget[]; check?: TCheck; onCancel: () => void; onDone: (c: TCheck) => void }) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstField(formRef.current), []);
  const [v, setV] = useState<Values>(() => initialValues(check, targets));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const kind = v.kind as Kind;
  // The first field the API named gets focus once it is marked, so the keyboard lands where the fix is.
  useEffect(() => {
    if (Object.keys(errors).length) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  const set = (key: string) => (e: { target: { value: string } }) => setV((cur) => ({ ...cur, [key]: e.target.value }));

  function changeTarget(targetId: string) {
    // Following the target's health URL only while the URL still is the previous target's (not typed over).
    setV((cur) => {
      const before = targets.find((t) => t.id === cur.targetId);
      const after = targets.find((t) => t.id === targetId);
      const follow = !check && (!cur.url || cur.url === before?.healthUrl);
      return { ...cur, targetId, url: follow && after ? after.healthUrl : cur.url };
    });
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const common = {
      name: v.name.trim(),
      settings: settingsOf(kind, v),
      intervalSeconds: num(v.intervalSeconds),
      timeoutSeconds: num(v.timeoutSeconds),
      failuresToOpen: num(v.failuresToOpen),
      successesToClose: num(v.successesToClose),
      reminderMinutes: num(v.reminderMinutes),
    };
    setBusy(true);
    setError(null);
    setErrors({});
    setUnplaced([]);
    try {
      onDone(check ? await updateCheck(projectId, check.id, common) : await createCheck(projectId, { ...common, kind, targetId: v.targetId || undefined }));
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, "unknown", "The check was not saved. Try again.");
      const fields: Record<string, string> = {};
      const rest: string[] = [];
      for (const issue of apiError.issues) {
        const field = FIELD_OF[issue.path] ?? issue.path;
        if (SHOWN.has(field)) fields[field] ??= sentence(issue.message);
        else rest.push(`${issue.path}: ${issue.message}`);
      }
      setErrors(fields);
      setUnplaced(rest);
      setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  const f = (key: string) => `${id}-${key}`;
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
      <FormError error={error} title="The check was not saved" />
      {unplaced.length > 0 && (
        <Alert title="Also fix">
          <ul className="list-disc pl-5">
            {unplaced.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </Alert>
      )}
      <TextField id={f("name")} label="Name" required value={v.name} onChange={set("name")} error={errors.name} maxLength={80} placeholder="Health endpoint" />
      <div className="grid gap-4 sm:grid-cols-2">
        {!check && (
          <SelectField id={f("target")} label="Target" value={v.targetId} onChange={(e) => changeTarget(e.target.value)} error={errors.targetId} description="Its incidents and status belong to this target.">
            <option value="">No target (project-wide)</option>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.environment})
              </option>
            ))}
          </SelectField>
        )}
        <SelectField id={f("kind")} label="Kind" value={kind} onChange={set("kind")} error={errors.kind} disabled={Boolean(check)} description={check ? "A check keeps its kind; add a new check for another." : undefined}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </SelectField>
      </div>

      <fieldset className="space-y-4 rounded-md border border-zinc-200 p-4 dark:border-zinc-700">
        <legend className="px-1 text-sm font-semibold">{KINDS.find((k) => k.value === kind)?.label}</legend>
        {kind === "http" ? (
          <>
            <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
              <TextField id={f("url")} label="URL" required type="url" value={v.url} onChange={set("url")} error={errors.url} placeholder="https://example.com/health" className="min-w-0" />
              <SelectField id={f("method")} label="Method" value={v.method} onChange={set("method")} error={errors.method}>
                {["GET", "HEAD", "POST"].map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </SelectField>
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField id={f("status")} label="Expected status" value={v.expectedStatus} onChange={set("expectedStatus")} error={errors.expectedStatus} description='Codes or ranges, such as "200-299,301".' />
              <TextField id={f("degraded")} label="Degraded above (ms)" inputMode="numeric" value={v.degradedAboveMs} onChange={set("degradedAboveMs")} error={errors.degradedAboveMs} description="Slower answers count as degraded. Blank: never." />
            </div>
            <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
              <TextField id={f("keyword")} label="Keyword" value={v.keywordText} onChange={set("keywordText")} error={errors.keywordText} description="Text the body must contain (or not). Blank: not checked." />
              <SelectField id={f("keyword-mode")} label="Keyword must be" value={v.keywordMode} onChange={set("keywordMode")}>
                <option value="present">present</option>
                <option value="absent">absent</option>
              </SelectField>
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField id={f("jsonpath")} label="JSON path" value={v.jsonPath} onChange={set("jsonPath")} error={errors.jsonPath} placeholder="$.status" description="Blank: the body is not read as JSON." />
              <TextField id={f("jsonequals")} label="JSON value equals" value={v.jsonEquals} onChange={set("jsonEquals")} error={errors.jsonEquals} placeholder="ok" />
            </div>
            <SelectField id={f("redirects")} label="Redirects" value={v.followRedirects} onChange={set("followRedirects")}>
              <option value="yes">Follow redirects</option>
              <option value="no">Check the first answer</option>
            </SelectField>
          </>
        ) : (
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            <TextField id={f("host")} label="Host" required value={v.host} onChange={set("host")} error={errors.host} placeholder="example.com" className="min-w-0" />
            <TextField id={f("port")} label="Port" required={kind === "tcp"} inputMode="numeric" value={v.port} onChange={set("port")} error={errors.port} placeholder={kind === "tls" ? "443" : "5432"} />
            {kind === "tls" && <TextField id={f("warn")} label="Warn days before expiry" inputMode="numeric" value={v.warnDays} onChange={set("warnDays")} error={errors.warnDays} className="sm:col-span-2" />}
          </div>
        )}
      </fieldset>

      <fieldset className="grid gap-4 rounded-md border border-zinc-200 p-4 sm:grid-cols-2 dark:border-zinc-700">
        <legend className="px-1 text-sm font-semibold">Schedule and incidents</legend>
        <TextField id={f("interval")} label="Interval (seconds)" inputMode="numeric" value={v.intervalSeconds} onChange={set("intervalSeconds")} error={errors.intervalSeconds} description="10 seconds to 24 hours (86400)." />
        <TextField id={f("timeout")} label="Timeout (seconds)" inputMode="numeric" value={v.timeoutSeconds} onChange={set("timeoutSeconds")} error={errors.timeoutSeconds} description="Shorter than the interval; at most 60." />
        <TextField id={f("failures")} label="Failures to open an incident" inputMode="numeric" value={v.failuresToOpen} onChange={set("failuresToOpen")} error={errors.failuresToOpen} description="In a row, 1 to 20." />
        <TextField id={f("successes")} label="Successes to close it" inputMode="numeric" value={v.successesToClose} onChange={set("successesToClose")} error={errors.successesToClose} description="In a row, 1 to 20." />
        <TextField id={f("reminder")} label="Reminder every (minutes)" inputMode="numeric" value={v.reminderMinutes} onChange={set("reminderMinutes")} error={errors.reminderMinutes} description="While an incident stays open and unacknowledged; 0 sends none." className="sm:col-span-2" />
      </fieldset>

      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={busy}>
          {check ? "Save changes" : "Add check"}
        </Button>
      </div>
    </form>
  );
}
