"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellPlus, ChevronDown, ChevronRight, Send } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { Badge, StatusPill, type Tone } from "@/components/ui/status-pill";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import {
  ALL_EVENTS,
  channelKeys,
  deleteChannel,
  fetchChannels,
  fetchDeliveries,
  FORMAT_LABELS,
  testChannel,
  updateChannel,
  type EventOption,
  type TChannel,
  type TDelivery,
} from "@/lib/queries/notifications";

const AddChannelForm = lazy(() => import("./add-channel-form").then((m) => ({ default: m.AddChannelForm })));

const DELIVERY_STATUS: Record<TDelivery["status"], { tone: Tone; label: string; spinning?: boolean }> = {
  queued: { tone: "info", label: "Queued", spinning: true },
  running: { tone: "info", label: "Sending", spinning: true },
  succeeded: { tone: "success", label: "Sent" },
  failed: { tone: "danger", label: "Failed" },
};
const inFlight = (d: TDelivery) => d.status === "queued" || d.status === "running";

function DeliveryStatus({ delivery }: { delivery: TDelivery }) {
  const s = DELIVERY_STATUS[delivery.status];
  return <StatusPill tone={s.tone} label={s.label} spinning={s.spinning} />;
}

export function NotificationsView({ projectId, initial, events, emailAvailable }: { projectId: string; initial: TChannel[]; events: EventOption[]; emailAvailable: boolean }) {
  const queryClient = useQueryClient();
  const { data: channels = initial } = useQuery({ queryKey: channelKeys.list(projectId), queryFn: () => fetchChannels(projectId), initialData: initial });
  const [adding, setAdding] = useState(false);
  const [confirm, setConfirm] = useState<TChannel | null>(null);
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries({ queryKey: channelKeys.list(projectId) });
  const remove = useMutation({
    mutationFn: (c: TChannel) => deleteChannel(projectId, c.id),
    onSuccess: (_d, c) => (setConfirm(null), toast({ message: `Deleted channel ${c.name}.` })),
    onSettled: refresh,
  });

  const addButton = (
    <Button onClick={() => setAdding(true)} aria-haspopup="dialog">
      <BellPlus aria-hidden="true" className="size-4" />
      Add channel
    </Button>
  );

  return (
    <div className="min-w-0">
      <section aria-labelledby="channels-heading" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="channels-heading" className="text-lg font-semibold">
            Channels
          </h2>
          {channels.length > 0 && addButton}
        </div>
        {channels.length === 0 ? (
          <EmptyState title="No notification channels yet" action={addButton}>
            Create an incoming webhook in Slack or Discord (or use any HTTP endpoint that accepts JSON), then press Add channel and paste its URL{emailAvailable ? ", or list the e-mail addresses to notify" : ""}. Send a test to check it arrives.
          </EmptyState>
        ) : (
          <ul className="space-y-4">
            {channels.map((c) => (
              <ChannelCard key={c.id} projectId={projectId} channel={c} onDelete={() => (remove.reset(), setConfirm(c))} onChanged={refresh} />
            ))}
          </ul>
        )}
      </section>
      <Dialog open={adding} onClose={() => setAdding(false)} title="Add channel" description="Where T-Minus posts this project's deployment and lock events." wide>
        <Suspense
          fallback={
            <p className="flex items-center gap-2 py-4 text-sm text-zinc-600 dark:text-zinc-400">
              <Spinner />
              Loading…
            </p>
          }
        >
          <AddChannelForm
            projectId={projectId}
            events={events}
            emailAvailable={emailAvailable}
            onCreated={(c) => {
              setAdding(false);
              toast({ message: `Added channel ${c.name}. Press Send test to check it.` });
              refresh();
            }}
          />
        </Suspense>
      </Dialog>
      <ConfirmDialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={`Delete channel ${confirm?.name ?? ""}?`}
        confirmLabel={`Delete ${confirm?.name ?? "channel"}`}
        onConfirm={() => confirm && remove.mutate(confirm)}
        busy={remove.isPending}
        error={remove.error ? <ErrorText error={remove.error} fallback="The channel was not deleted. Try again." /> : null}
      >
        <p>
          T-Minus stops posting to <strong>{confirm?.name}</strong> (<span className="font-mono">{confirm?.urlOrigin}</span>) and forgets its {confirm?.format === "email" ? "recipients" : "webhook URL"} and delivery history. To use it again you need the {confirm?.format === "email" ? "addresses" : "URL"} again.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function ChannelCard({ projectId, channel: c, onDelete, onChanged }: { projectId: string; channel: TChannel; onDelete: () => void; onChanged: () => void }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [testId, setTestId] = useState<string | null>(null);
  const toast = useToast();
  const headingId = `channel-${c.id}-name`;
  const deliveriesId = `channel-${c.id}-deliveries`;
  // Loaded when the list is opened or a test is under way; polled while anything shown is still on its way.
  const deliveries = useQuery({
    queryKey: channelKeys.deliveries(projectId, c.id),
    queryFn: () => fetchDeliveries(projectId, c.id),
    enabled: open || testId !== null,
    refetchInterval: (q) => (q.state.data?.some(inFlight) ? 1000 : false),
  });
  const test = useMutation({
    mutationFn: () => testChannel(projectId, c.id),
    onSuccess: (d) => {
      setTestId(d.id);
      queryClient.setQueryData<TDelivery[]>(channelKeys.deliveries(projectId, c.id), (old) => [d, ...(old ?? []).filter((x) => x.id !== d.id)]);
      queryClient.invalidateQueries({ queryKey: channelKeys.deliveries(projectId, c.id) });
    },
  });
  const toggle = useMutation({
    mutationFn: () => updateChannel(projectId, c.id, { enabled: !c.enabled }),
    onSuccess: (after) => toast({ message: after.enabled ? `Enabled ${after.name}; events go to it again.` : `Disabled ${after.name}; no events go to it until you enable it.` }),
    onSettled: onChanged,
  });
  const lastTest = testId ? deliveries.data?.find((d) => d.id === testId) : undefined;
  const subscribed = c.events.includes(ALL_EVENTS) ? "All events" : c.events.join(", ");

  return (
    <li aria-labelledby={headingId} className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h3 id={headingId} className="flex flex-wrap items-center gap-2 text-base font-semibold">
            {c.name}
            <Badge>{FORMAT_LABELS[c.format]}</Badge>
            {c.enabled ? <StatusPill tone="success" label="Enabled" /> : <StatusPill tone="neutral" label="Disabled" />}
          </h3>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-zinc-600 dark:text-zinc-400">Sends to</dt>
            <dd className="min-w-0 break-all">
              <span className="font-mono">{c.urlOrigin}</span>{" "}
              <span className="text-xs text-zinc-600 dark:text-zinc-400">
                {c.format === "email" ? "(the addresses are stored encrypted and never shown again)" : "(the rest of the webhook URL is stored encrypted and never shown again)"}
              </span>
            </dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Events</dt>
            <dd className="min-w-0 break-words">{subscribed}</dd>
          </dl>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" busy={test.isPending} onClick={() => test.mutate()} aria-label={`Send test to ${c.name}`}>
            <Send aria-hidden="true" className="size-4" />
            Send test
          </Button>
          <Button variant="secondary" busy={toggle.isPending} onClick={() => toggle.mutate()} aria-label={`${c.enabled ? "Disable" : "Enable"} ${c.name}`}>
            {c.enabled ? "Disable" : "Enable"}
          </Button>
          <Button variant="ghost" onClick={onDelete} aria-label={`Delete ${c.name}`}>
            Delete
          </Button>
        </div>
      </div>
      <div aria-live="polite" className="mt-2 space-y-1 empty:hidden">
        {lastTest && (
          <p className="flex flex-wrap items-center gap-2 text-sm">
            Test notification: <DeliveryStatus delivery={lastTest} />
            {lastTest.httpStatus !== null && <span>HTTP {lastTest.httpStatus}</span>}
            {lastTest.error && <span className="text-red-700 dark:text-red-400">{lastTest.error}</span>}
          </p>
        )}
        {test.error && <ErrorText error={test.error} fallback="The test was not sent. Try again." />}
        {toggle.error && <ErrorText error={toggle.error} fallback="The channel was not changed. Try again." />}
      </div>
      <div className="mt-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={deliveriesId}
          onClick={() => setOpen((o) => !o)}
          className="flex items-center gap-1 rounded text-sm font-medium text-zinc-800 hover:underline dark:text-zinc-200"
        >
          {open ? <ChevronDown aria-hidden="true" className="size-4" /> : <ChevronRight aria-hidden="true" className="size-4" />}
          Recent deliveries
          <span className="sr-only"> of {c.name}</span>
        </button>
        <div id={deliveriesId} hidden={!open} className="mt-2">
          {open && <Deliveries query={deliveries} name={c.name} />}
        </div>
      </div>
    </li>
  );
}

function Deliveries({ query, name }: { query: { data?: TDelivery[]; error: unknown; isPending: boolean }; name: string }) {
  if (query.error) return <ErrorText error={query.error} fallback="The deliveries could not be loaded. Try again." />;
  if (query.isPending) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading deliveries…</p>;
  const rows = query.data ?? [];
  if (rows.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing sent yet. Press Send test, or wait for the next deployment event.</p>;
  return (
    <table className="stack-table w-full text-left text-sm">
      <caption className="sr-only">Recent deliveries of {name}</caption>
      <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        <tr>
          {["Event", "Status", "HTTP", "Error", "When"].map((h) => (
            <th key={h} scope="col" className="px-2 py-1.5 font-semibold">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {rows.map((d) => (
          <tr key={d.id}>
            <td data-label="Event" className="px-2 py-1.5 font-mono text-xs">{d.event}</td>
            <td data-label="Status" className="px-2 py-1.5">
              <DeliveryStatus delivery={d} />
              {d.attempts > 1 && <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">after {d.attempts} attempts</span>}
            </td>
            <td data-label="HTTP" className="px-2 py-1.5 tabular-nums">{d.httpStatus ?? "—"}</td>
            <td data-label="Error" className="px-2 py-1.5">{d.error ?? "—"}</td>
            <td data-label="When" className="px-2 py-1.5">
              <RelativeTime iso={d.sentAt ?? d.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
