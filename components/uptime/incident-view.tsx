"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CircleCheck, CircleX, Globe, Hand, MessageSquare, Siren, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorText } from "@/components/ui/error-text";
import { TextAreaField } from "@/components/ui/field";
import { Badge } from "@/components/ui/status-pill";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { acknowledgeIncident, addIncidentNote, fetchIncident, uptimeKeys, type TIncident, type TIncidentEvent } from "@/lib/queries/uptime";
import { formatSpan } from "./format";
import { IncidentStatus } from "./check-state";

const KIND: Record<TIncidentEvent["kind"], { label: string; icon: LucideIcon }> = {
  first_failure: { label: "First failure", icon: CircleX },
  opened: { label: "Opened", icon: Siren },
  notified: { label: "Notified", icon: Bell },
  acknowledged: { label: "Acknowledged", icon: Hand },
  note: { label: "Note", icon: MessageSquare },
  public_update: { label: "Public update", icon: Globe },
  recovered: { label: "Recovered", icon: CircleCheck },
};

type Props = { projectId: string; projectSlug: string; initial: TIncident; canRespond: boolean };

/** An incident and its timeline, kept current by `incident.updated` events; members acknowledge and add notes. */
export function IncidentView({ projectId, projectSlug, initial, canRespond }: Props) {
  const key = uptimeKeys.incident(projectId, initial.id);
  const { data: incident = initial } = useQuery({ queryKey: key, queryFn: () => fetchIncident(projectId, initial.id), initialData: initial });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [ackBusy, setAckBusy] = useState(false);
  const [ackError, setAckError] = useState<unknown>(null);
  const ackRef = useRef<HTMLParagraphElement>(null);
  const base = `/projects/${projectSlug}`;
  const open = incident.status === "open";

  async function acknowledge() {
    setAckBusy(true);
    setAckError(null);
    try {
      const next = await acknowledgeIncident(projectId, incident.id);
      queryClient.setQueryData(key, next);
      toast({ message: `You acknowledged incident #${next.number}; reminders stop and the project's channels are told.` });
      requestAnimationFrame(() => ackRef.current?.focus());
      void queryClient.invalidateQueries({ queryKey: uptimeKeys.incidents(projectId) });
    } catch (err) {
      setAckError(err);
    } finally {
      setAckBusy(false);
    }
  }

  return (
    <div className="min-w-0 space-y-6">
      <Card className={open ? "border-l-4 border-l-red-600 dark:border-l-red-400" : ""}>
        <p className="text-sm">
          <Link href={`${base}/incidents`} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            Incidents
          </Link>
        </p>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
          <span>
            <span className="tabular-nums">#{incident.number}</span> {incident.title}
          </span>
          <IncidentStatus status={incident.status} acknowledged={Boolean(incident.acknowledgedAt)} />
        </h1>
        <p className="mt-2 break-words text-sm text-zinc-800 dark:text-zinc-200">{incident.cause}</p>
        <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">Check</dt>
            <dd>
              <Link href={`${base}/uptime/${incident.checkId}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                {incident.checkName}
              </Link>
            </dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">Started</dt>
            <dd>
              <RelativeTime iso={incident.startedAt} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">{open ? "Open for" : "Resolved"}</dt>
            <dd className="tabular-nums">
              {open ? formatSpan(incident.durationMs) : incident.resolvedAt ? <RelativeTime iso={incident.resolvedAt} /> : "—"}
              {!open && <span> · lasted {formatSpan(incident.durationMs)}</span>}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">Acknowledged</dt>
            <dd>
              <p ref={ackRef} tabIndex={-1} data-testid="acknowledged" className="outline-none">
                {incident.acknowledgedAt ? (
                  <>
                    by {incident.acknowledgedBy}, <RelativeTime iso={incident.acknowledgedAt} />
                  </>
                ) : open ? (
                  `Not yet${incident.remindersSent ? `; ${incident.remindersSent} reminder${incident.remindersSent === 1 ? "" : "s"} sent` : ""}`
                ) : (
                  "No"
                )}
              </p>
            </dd>
          </div>
        </dl>
        {open && !incident.acknowledgedAt && canRespond && (
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <Button busy={ackBusy} onClick={() => void acknowledge()}>
              <Hand aria-hidden="true" className="size-4" />
              Acknowledge
            </Button>
            <span className="text-sm text-zinc-600 dark:text-zinc-400">Says you are on it: stops reminders and tells the project&apos;s channels.</span>
            {ackError ? <ErrorText error={ackError} fallback="The incident was not acknowledged. Try again." className="basis-full" /> : null}
          </div>
        )}
      </Card>

      <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card aria-labelledby="timeline-heading">
          <h2 id="timeline-heading" className="text-lg font-semibold">
            Timeline
          </h2>
          <Timeline events={incident.events ?? []} />
        </Card>
        {canRespond ? (
          <NoteForm projectId={projectId} projectSlug={projectSlug} incident={incident} onSaved={(next) => queryClient.setQueryData(key, next)} />
        ) : (
          <Card>
            <p className="text-sm">Members, approvers and admins can acknowledge incidents and add notes.</p>
          </Card>
        )}
      </div>
    </div>
  );
}

function Timeline({ events }: { events: TIncidentEvent[] }) {
  if (!events.length) return <p className="mt-2 text-sm">Nothing recorded yet.</p>;
  return (
    <ol className="mt-3 space-y-4" aria-label="Incident timeline, oldest first">
      {events.map((e) => {
        const k = KIND[e.kind];
        const Icon = k.icon;
        return (
          <li key={e.id} data-testid="timeline-event" data-kind={e.kind} className="flex gap-3 text-sm">
            <span aria-hidden="true" className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200">
              <Icon className="size-4" />
            </span>
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-semibold">{k.label}</span>
                {e.kind === "public_update" && <Badge tone="info">On the status page</Badge>}
                <span className="text-zinc-600 dark:text-zinc-400">
                  <RelativeTime iso={e.at} /> · {e.actor}
                </span>
              </p>
              {e.body && <p className="mt-0.5 whitespace-pre-wrap break-words text-zinc-800 dark:text-zinc-200">{e.body}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function NoteForm({ projectId, projectSlug, incident, onSaved }: { projectId: string; projectSlug: string; incident: TIncident; onSaved: (i: TIncident) => void }) {
  const id = useId();
  const toast = useToast();
  const [body, setBody] = useState("");
  const [isPublic, setPublic] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const next = await addIncidentNote(projectId, incident.id, { body, public: isPublic });
      onSaved(next);
      setBody("");
      setPublic(false);
      toast({ message: isPublic ? `Posted the update on the status page and the timeline of #${next.number}.` : `Added the note to the timeline of #${next.number}.` });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "unknown", "The note was not added. Try again."));
    } finally {
      setBusy(false);
    }
  }
  const bodyError = error?.fieldErrors().body;
  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        Add a note
      </h2>
      <form onSubmit={submit} noValidate className="mt-3 space-y-3">
        <TextAreaField id={`${id}-body`} label="Note" required rows={4} value={body} onChange={(e) => setBody(e.target.value)} error={bodyError ? `${bodyError[0].toUpperCase()}${bodyError.slice(1)}.` : undefined} maxLength={5000} placeholder="What you found, what you are doing, when to expect a fix" />
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.currentTarget.checked)} className="mt-0.5 size-4" aria-describedby={`${id}-public-desc`} />
          <span>
            <span className="font-medium">Post on the status page</span>
            <span id={`${id}-public-desc`} className="block text-xs text-zinc-600 dark:text-zinc-400">
              Anyone can read it at <span className="font-mono">/status/{projectSlug}</span>. Leave unticked for a note only the team sees.
            </span>
          </span>
        </label>
        {error && !bodyError && <ErrorText error={error} fallback="The note was not added. Try again." />}
        <div className="flex justify-end">
          <Button type="submit" busy={busy}>
            {isPublic ? "Post update" : "Add note"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
