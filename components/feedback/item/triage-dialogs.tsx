"use client";

import { useQuery } from "@tanstack/react-query";
import { CalendarClock, Search, Tag, UserRound, X } from "lucide-react";
import { useDeferredValue, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { controlClass, TextAreaField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { formatAbsolute } from "@/components/ui/format";
import { ApiError } from "@/lib/queries/api";
import { fetchFeedbackList, useFeedbackItem, type TFeedbackSummary, type TFeedbackTriage } from "@/lib/queries/feedback";
import type { TMember } from "@/lib/queries/members";
import { SeverityBadge } from "../badges";
import { StatusBadge } from "../status-badges";
import { LABEL_MAX, LABELS_MAX, REASON_MAX, REASON_MIN, SEVERITIES } from "../labels";
import { dateAt9, percent, snoozeChoices } from "./triage";

export type TriageDialogKind = "decline" | "duplicate" | "snooze" | "labels" | "assign" | "severity";
export type TriageDialogState = { kind: TriageDialogKind; targets: TFeedbackSummary[] };
export type Extra = { duplicateOfRef?: string; assigneeName?: string; until?: string };
export type Submit = (change: TFeedbackTriage, extra?: Extra) => Promise<void>;
type Me = { id: string; name: string } | null;

type Props = { projectId: string; state: TriageDialogState; onClose: () => void; submit: Submit; me: Me; members: TMember[]; knownLabels: string[] };

const what = (targets: TFeedbackSummary[]) => (targets.length === 1 ? targets[0].ref : `${targets.length} items`);
const option =
  "flex w-full items-start gap-3 rounded-md border border-zinc-200 px-3 py-2 text-left text-sm hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** The triage forms (decline, duplicate, snooze, labels, assign, severity) for one item or many; loaded on first use. */
export function TriageDialog(props: Props) {
  const { state, onClose } = props;
  const t = what(state.targets);
  const titles: Record<TriageDialogKind, [string, string]> = {
    decline: [`Decline ${t}`, "Say why. People who reported it may see this reason."],
    duplicate: [`${t}: duplicate of…`, "Votes, reporters and comments move to the original, and the reporters follow it from then on."],
    snooze: [`Snooze ${t}`, "Out of the inbox until then; it comes back by itself."],
    labels: [`Labels of ${t}`, state.targets.length > 1 ? "The labels you save here replace the labels of every selected item." : "Up to 10 labels, at most 40 characters each."],
    assign: [`Assign ${t}`, "Who looks after it from here."],
    severity: [`Severity of ${t}`, "Critical items alert the project's notification channels."],
  };
  const [title, description] = titles[state.kind];
  return (
    <Dialog open onClose={onClose} title={title} description={description} wide={state.kind === "duplicate"}>
      {state.kind === "decline" && <DeclineForm {...props} />}
      {state.kind === "duplicate" && <DuplicatePicker {...props} />}
      {state.kind === "snooze" && <SnoozeForm {...props} />}
      {state.kind === "labels" && <LabelsForm {...props} />}
      {state.kind === "assign" && <AssignPicker {...props} />}
      {state.kind === "severity" && <SeverityPicker {...props} />}
    </Dialog>
  );
}

/** Runs a submit, keeping its error for the form; the controller closes the dialog on success. */
function useSubmit(submit: Submit) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const inFlight = useRef(false);
  async function run(change: TFeedbackTriage, extra?: Extra) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      await submit(change, extra);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "unknown", "Something went wrong. Try again."));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }
  return { busy, error, run };
}

function Actions({ onClose, children }: { onClose: () => void; children: React.ReactNode }) {
  return (
    <div className="mt-4 flex flex-wrap justify-end gap-2">
      <Button variant="secondary" onClick={onClose}>
        Cancel
      </Button>
      {children}
    </div>
  );
}

function DeclineForm({ state, onClose, submit }: Props) {
  const id = useId();
  const { busy, error, run } = useSubmit(submit);
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  const serverField = error?.fieldErrors().reason ?? error?.fieldErrors()["change.reason"];
  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (reason.trim().length < REASON_MIN) {
      setFieldError(`Say why it is declined (at least ${REASON_MIN} characters).`);
      return document.getElementById(`${id}-reason`)?.focus();
    }
    setFieldError(undefined);
    void run({ action: "decline", reason: reason.trim() });
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      <TextAreaField
        id={`${id}-reason`}
        label="Reason"
        required
        rows={3}
        maxLength={REASON_MAX}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder="Works as intended: the discount applies at checkout, not in the cart."
        error={fieldError ?? (serverField ? `The reason ${serverField}.` : undefined)}
      />
      <div className="mt-3">
        <FormError error={error && !serverField ? error : null} title={`${what(state.targets)} was not declined`} />
      </div>
      <Actions onClose={onClose}>
        <Button type="submit" variant="danger" busy={busy}>
          Decline
        </Button>
      </Actions>
    </form>
  );
}

type Candidate = { id: string; ref: string; title: string; status: TFeedbackSummary["status"]; voteCount: number; score?: number };

function DuplicatePicker({ projectId, state, onClose, submit }: Props) {
  const id = useId();
  const single = state.targets.length === 1 ? state.targets[0] : null;
  const own = new Set(state.targets.map((t) => t.id));
  const detail = useFeedbackItem(projectId, single?.id ?? null);
  const [q, setQ] = useState("");
  const query = useDeferredValue(q.trim());
  const search = useQuery({
    queryKey: ["projects", projectId, "feedback", "picker", query],
    queryFn: () => fetchFeedbackList(projectId, { view: "all", q: query, limit: 10 }),
    enabled: query.length > 0,
    staleTime: 10_000,
  });
  const { busy, error, run } = useSubmit(submit);
  const usable = (c: Candidate) => !own.has(c.id) && c.status !== "spam";
  const suggestions: Candidate[] = (detail.data?.suggestions ?? []).filter(usable);
  const found: Candidate[] = (search.data ?? []).filter(usable).filter((c) => !suggestions.some((s) => s.id === c.id));
  const pick = (c: Candidate) => void run({ action: "duplicate", duplicateOfId: c.id }, { duplicateOfRef: c.ref });
  const row = (c: Candidate) => (
    <li key={c.id}>
      <button type="button" data-option className={option} onClick={() => pick(c)} aria-disabled={busy || undefined}>
        <span className="min-w-0 flex-1">
          <span className="font-semibold">Duplicate of {c.ref}</span>
          <span className="block break-words text-zinc-700 dark:text-zinc-300">{c.title}</span>
          <span className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
            <StatusBadge value={c.status} />
            <span className="tabular-nums">{c.voteCount === 1 ? "1 vote" : `${c.voteCount} votes`}</span>
          </span>
        </span>
        {c.score !== undefined && (
          <span className="shrink-0 text-right">
            <span className="block text-base font-semibold tabular-nums">{percent(c.score)}</span>
            <span className="block text-xs text-zinc-600 dark:text-zinc-400">alike</span>
          </span>
        )}
      </button>
    </li>
  );
  // ↓ and ↑ walk the choices (from the search field too), so "d ↓ Enter" takes the likeliest original.
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const options = [...e.currentTarget.querySelectorAll<HTMLElement>("[data-option]")];
    if (!options.length) return;
    e.preventDefault();
    const at = options.indexOf(document.activeElement as HTMLElement);
    const next = e.key === "ArrowDown" ? (at < 0 ? 0 : Math.min(options.length - 1, at + 1)) : at <= 0 ? -1 : at - 1;
    (next < 0 ? document.getElementById(`${id}-q`) : options[next])?.focus();
  };
  return (
    <div className="space-y-4" onKeyDown={onKeyDown}>
      {single && (
        <section aria-labelledby={`${id}-likely`}>
          <h3 id={`${id}-likely`} className="mb-2 text-sm font-semibold">
            Likely originals
          </h3>
          {detail.isPending ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Looking for similar items…</p>
          ) : suggestions.length ? (
            <ul className="space-y-2">{suggestions.map(row)}</ul>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing similar enough found. Search by FB number or by words from the title.</p>
          )}
        </section>
      )}
      <div>
        <label htmlFor={`${id}-q`} className="mb-1.5 block text-sm font-medium">
          Search by FB number or words
        </label>
        <div className="relative">
          <Search aria-hidden="true" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-500" />
          <input
            id={`${id}-q`}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="FB-12 or checkout button"
            autoComplete="off"
            aria-describedby={`${id}-q-desc`}
            className={`${controlClass} pl-9`}
          />
        </div>
        <p id={`${id}-q-desc`} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          ↓ and ↑ move through the choices; Enter picks one.
        </p>
      </div>
      {query && (
        <section aria-labelledby={`${id}-found`} aria-busy={search.isFetching || undefined}>
          <h3 id={`${id}-found`} className="mb-2 text-sm font-semibold">
            Search results
          </h3>
          {search.error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">The search failed. Try again in a moment.</p>
          ) : search.isPending ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Searching…</p>
          ) : found.length ? (
            <ul className="space-y-2">{found.map(row)}</ul>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No other item matches “{query}”.</p>
          )}
        </section>
      )}
      <FormError error={error} title={`${what(state.targets)} was not marked as a duplicate`} />
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

function SnoozeForm({ state, onClose, submit }: Props) {
  const id = useId();
  const { busy, error, run } = useSubmit(submit);
  const [date, setDate] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  // The choices as of opening the dialog.
  const [{ tomorrow, nextWeek, min }] = useState(() => {
    const t = new Date(Date.now() + 86_400_000);
    return { ...snoozeChoices(), min: `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, "0")}-${String(t.getDate()).padStart(2, "0")}` };
  });
  const label = (d: Date) => new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
  const snooze = (d: Date) => void run({ action: "snooze", until: d.toISOString() }, { until: formatAbsolute(d) });
  const choices: [string, Date][] = [
    ["Tomorrow", tomorrow],
    ["Next week", nextWeek],
  ];
  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const d = dateAt9(date);
    if (!d || d.getTime() <= Date.now()) {
      setFieldError("Pick a day after today.");
      return document.getElementById(`${id}-date`)?.focus();
    }
    setFieldError(undefined);
    snooze(d);
  }
  return (
    <div className="space-y-4">
      <ul className="space-y-2">
        {choices.map(([name, d], i) => (
          <li key={name}>
            <button type="button" className={option} onClick={() => snooze(d)} aria-disabled={busy || undefined} {...(i === 0 ? { "data-autofocus": true } : {})}>
              <CalendarClock aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
              <span>
                <span className="font-semibold">{name}</span> <span className="text-zinc-700 dark:text-zinc-300">— {label(d)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
        <div className="min-w-40 flex-1 space-y-1.5">
          <label htmlFor={`${id}-date`} className="block text-sm font-medium">
            Or a day (back at 9:00)
          </label>
          <input
            id={`${id}-date`}
            type="date"
            min={min}
            value={date}
            onChange={(e) => setDate(e.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${id}-date-error` : undefined}
            className={controlClass}
          />
        </div>
        <Button type="submit" variant="secondary" busy={busy}>
          Snooze until then
        </Button>
        {fieldError && (
          <p id={`${id}-date-error`} className="w-full text-sm font-medium text-red-700 dark:text-red-400">
            {fieldError}
          </p>
        )}
      </form>
      <FormError error={error} title={`${what(state.targets)} was not snoozed`} />
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

function LabelsForm({ state, onClose, submit, knownLabels }: Props) {
  const id = useId();
  const { busy, error, run } = useSubmit(submit);
  // Many items start from the labels they all share.
  const [labels, setLabels] = useState<string[]>(() => state.targets.map((t) => t.labels).reduce((a, b) => a.filter((l) => b.includes(l))));
  const [draft, setDraft] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  const [said, setSaid] = useState("");
  function add(raw: string) {
    const label = raw.trim();
    if (!label) return;
    if (label.length > LABEL_MAX || /[,\n]/.test(label)) return setFieldError(`A label is at most ${LABEL_MAX} characters, without commas.`);
    if (labels.length >= LABELS_MAX) return setFieldError(`At most ${LABELS_MAX} labels; remove one first.`);
    setFieldError(undefined);
    if (!labels.includes(label)) setLabels([...labels, label]);
    setDraft("");
    setSaid(`Added ${label}.`);
  }
  const remove = (label: string) => {
    setLabels(labels.filter((l) => l !== label));
    setSaid(`Removed ${label}.`);
    document.getElementById(`${id}-add`)?.focus();
  };
  const offered = knownLabels.filter((l) => !labels.includes(l)).slice(0, 12);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run({ action: "update", labels });
      }}
      noValidate
      className="space-y-4"
    >
      <div>
        <p id={`${id}-now`} className="mb-2 text-sm font-medium">
          Labels
        </p>
        {labels.length ? (
          <ul aria-labelledby={`${id}-now`} className="flex flex-wrap gap-2">
            {labels.map((l) => (
              <li key={l} className="inline-flex items-center gap-1 rounded-full bg-zinc-100 py-0.5 pl-2.5 pr-1 text-sm ring-1 ring-inset ring-zinc-600/30 dark:bg-zinc-800 dark:ring-zinc-400/30">
                <Tag aria-hidden="true" className="size-3.5" />
                {l}
                <button type="button" onClick={() => remove(l)} aria-label={`Remove ${l}`} className="rounded-full p-0.5 hover:bg-zinc-200 dark:hover:bg-zinc-700">
                  <X aria-hidden="true" className="size-3.5" />
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No labels.</p>
        )}
        <p role="status" className="sr-only">
          {said}
        </p>
      </div>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-add`} className="block text-sm font-medium">
          Add a label
        </label>
        <div className="flex gap-2">
          <input
            id={`${id}-add`}
            value={draft}
            maxLength={LABEL_MAX}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add(draft);
              }
            }}
            aria-describedby={`${id}-add-desc${fieldError ? ` ${id}-add-error` : ""}`}
            aria-invalid={fieldError ? true : undefined}
            autoComplete="off"
            className={controlClass}
          />
          <Button variant="secondary" onClick={() => add(draft)}>
            Add
          </Button>
        </div>
        <p id={`${id}-add-desc`} className="text-xs text-zinc-600 dark:text-zinc-400">
          Enter adds it; Save keeps the list.
        </p>
        {fieldError && (
          <p id={`${id}-add-error`} className="text-sm font-medium text-red-700 dark:text-red-400">
            {fieldError}
          </p>
        )}
      </div>
      {offered.length > 0 && (
        <div>
          <p id={`${id}-known`} className="mb-2 text-sm font-medium">
            Used on other items
          </p>
          <ul aria-labelledby={`${id}-known`} className="flex flex-wrap gap-2">
            {offered.map((l) => (
              <li key={l}>
                <button type="button" onClick={() => add(l)} className="rounded-full border border-dashed border-zinc-400 px-2.5 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-500 dark:hover:bg-zinc-800">
                  <span aria-hidden="true">+ </span>
                  <span className="sr-only">Add </span>
                  {l}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <FormError error={error} title={`The labels of ${what(state.targets)} were not saved`} />
      <Actions onClose={onClose}>
        <Button type="submit" busy={busy}>
          Save labels
        </Button>
      </Actions>
    </form>
  );
}

function AssignPicker({ state, onClose, submit, me, members }: Props) {
  const id = useId();
  const { busy, error, run } = useSubmit(submit);
  const [filter, setFilter] = useState("");
  const current = state.targets.length === 1 ? (state.targets[0].assignee?.id ?? null) : undefined;
  const people = [...members].sort((a, b) => (a.userId === me?.id ? -1 : b.userId === me?.id ? 1 : a.name.localeCompare(b.name)));
  const f = filter.trim().toLowerCase();
  const shown = people.filter((m) => !f || m.name.toLowerCase().includes(f) || m.email.toLowerCase().includes(f));
  const assign = (userId: string | null, name?: string) => void run({ action: "update", assigneeId: userId }, { assigneeName: name });
  return (
    <div className="space-y-3">
      {members.length > 6 && (
        <div className="space-y-1.5">
          <label htmlFor={`${id}-filter`} className="block text-sm font-medium">
            Find a member
          </label>
          <input id={`${id}-filter`} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" className={controlClass} />
        </div>
      )}
      <ul className="max-h-80 space-y-2 overflow-y-auto">
        {shown.map((m) => (
          <li key={m.userId}>
            <button type="button" className={option} onClick={() => assign(m.userId, m.name)} aria-disabled={busy || undefined} {...(m.userId === me?.id ? { "data-autofocus": true } : {})}>
              <UserRound aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
              <span className="min-w-0 flex-1">
                <span className="font-semibold">{m.userId === me?.id ? `Me (${m.name})` : m.name}</span>
                <span className="block break-all text-xs text-zinc-600 dark:text-zinc-400">{m.email}</span>
              </span>
              {current === m.userId && <span className="shrink-0 text-xs font-semibold">Assigned now</span>}
            </button>
          </li>
        ))}
        {shown.length === 0 && <li className="text-sm text-zinc-600 dark:text-zinc-400">No member matches “{filter}”.</li>}
        <li>
          <button type="button" className={option} onClick={() => assign(null)} aria-disabled={busy || undefined}>
            <X aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <span className="flex-1 font-semibold">Nobody (unassign)</span>
            {current === null && <span className="shrink-0 text-xs font-semibold">Unassigned now</span>}
          </button>
        </li>
      </ul>
      <FormError error={error} title={`${what(state.targets)} was not assigned`} />
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

function SeverityPicker({ state, onClose, submit }: Props) {
  const { busy, error, run } = useSubmit(submit);
  // 1-4 work here too, as in the inbox.
  const onKeyDown = (e: React.KeyboardEvent) => {
    const n = Number(e.key);
    if (e.altKey || e.ctrlKey || e.metaKey || !(n >= 1 && n <= 4)) return;
    e.preventDefault();
    void run({ action: "update", severity: SEVERITIES[n - 1] });
  };
  return (
    <div className="space-y-3" onKeyDown={onKeyDown}>
      <ul className="grid grid-cols-2 gap-2">
        {SEVERITIES.map((s, i) => (
          <li key={s}>
            <button type="button" className={option} onClick={() => void run({ action: "update", severity: s })} aria-disabled={busy || undefined} aria-keyshortcuts={String(i + 1)}>
              <SeverityBadge value={s} />
              <kbd className="ml-auto font-mono text-xs text-zinc-600 dark:text-zinc-400">{i + 1}</kbd>
            </button>
          </li>
        ))}
        <li className="col-span-2">
          <button type="button" className={option} onClick={() => void run({ action: "update", severity: null })} aria-disabled={busy || undefined}>
            <SeverityBadge value={null} />
            <span className="text-zinc-700 dark:text-zinc-300">Clear it</span>
          </button>
        </li>
      </ul>
      <FormError error={error} title={`The severity of ${what(state.targets)} was not changed`} />
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
