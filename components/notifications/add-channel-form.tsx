"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { ApiError } from "@/lib/queries/api";
import { ALL_EVENTS, createChannel, FORMAT_LABELS, type ChannelFormat, type EventOption, type TChannel } from "@/lib/queries/notifications";
import { CircleAlert } from "lucide-react";

/** Arriving after the dialog focused its Close button, the form takes focus to its first field (as deploy-form does). */
function focusFirstField(form: HTMLFormElement | null) {
  if (!form || form.contains(document.activeElement)) return;
  form.querySelector<HTMLElement>("input, select, textarea")?.focus();
}

const FORMAT_HINTS: Record<ChannelFormat, string> = {
  slack: "Posts to a Slack channel through an incoming webhook.",
  discord: "Posts to a Discord channel through a webhook.",
  json: "JSON webhook posts the event as plain JSON to any HTTP endpoint.",
  email: "Sends an e-mail to each address through this instance's mail server.",
};

/**
 * The "Add channel" form; loaded only when its dialog opens, so the page's first load stays small. E-mail is offered
 * only when the server has a mail server (`emailAvailable`); otherwise the format's description says who can add one.
 */
export function AddChannelForm({ projectId, events, emailAvailable, onCreated }: { projectId: string; events: EventOption[]; emailAvailable: boolean; onCreated: (c: TChannel) => void }) {
  const [all, setAll] = useState(true);
  const [format, setFormat] = useState<ChannelFormat>("slack");
  const formats = (Object.keys(FORMAT_LABELS) as ChannelFormat[]).filter((f) => f !== "email" || emailAvailable);
  const formatHint = `${FORMAT_HINTS[format]}${emailAvailable ? "" : " E-mail is not available: an instance admin must set SMTP_URL on the server first."}`;
  const create = useMutation({ mutationFn: (body: Parameters<typeof createChannel>[1]) => createChannel(projectId, body), onSuccess: onCreated });
  const error = create.error instanceof ApiError ? create.error : null;
  const fields = error?.fieldErrors() ?? {};
  // An issue on one element of the list ("events.2") belongs to the list as a whole on this form.
  const eventsError = Object.entries(fields).find(([path]) => path === "events" || path.startsWith("events."))?.[1];

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const chosen = all ? [ALL_EVENTS] : form.getAll("events").map(String);
    create.mutate({ name: String(form.get("name") ?? ""), format, url: String(form.get("url") ?? ""), events: chosen });
  }

  return (
    <form ref={focusFirstField}  onSubmit={submit} className="space-y-4" noValidate aria-label="Add channel">
      <FormError error={error} title="The channel was not added" />
      <TextField id="channel-name" name="name" label="Name" required placeholder="#deploys" description="How this channel is listed here, e.g. the Slack channel it posts to." error={fields.name} />
      <SelectField
        id="channel-format"
        name="format"
        label="Format"
        value={format}
        onChange={(e) => setFormat(e.currentTarget.value as ChannelFormat)}
        description={formatHint}
        error={fields.format}
      >
        {formats.map((f) => (
          <option key={f} value={f}>
            {FORMAT_LABELS[f]}
          </option>
        ))}
      </SelectField>
      {format === "email" ? (
        <TextAreaField
          id="channel-recipients"
          name="url"
          label="Recipients"
          required
          rows={3}
          autoComplete="off"
          spellCheck={false}
          placeholder="ops@example.com, oncall@example.com"
          description="Up to 20 e-mail addresses, separated by commas or new lines. Stored encrypted; the channel list shows only how many and their domains."
          error={fields.url}
        />
      ) : (
        <TextField
          id="channel-url"
          name="url"
          type="url"
          label="Webhook URL"
          required
          autoComplete="off"
          spellCheck={false}
          placeholder="https://hooks.slack.com/services/…"
          description="Stored encrypted and never shown again; the channel list shows only its origin."
          error={fields.url}
        />
      )}
      <fieldset className="space-y-2" aria-describedby={eventsError ? "channel-events-error" : undefined} aria-invalid={eventsError ? true : undefined}>
        <legend className="text-sm font-medium">Events</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} className="mt-0.5 size-4" />
          <span>
            <span className="font-medium">All events</span>
            <span className="block text-xs text-zinc-600 dark:text-zinc-400">Everything below, and events added in later versions.</span>
          </span>
        </label>
        <ul className="space-y-2 border-l border-zinc-200 pl-4 dark:border-zinc-700">
          {events.map(({ event, description }) => (
            <li key={event}>
              <label className={`flex items-start gap-2 text-sm ${all ? "opacity-70" : ""}`}>
                <input type="checkbox" name="events" value={event} disabled={all} className="mt-0.5 size-4" />
                <span>
                  <span className="font-mono text-xs">{event}</span>
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{description}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {eventsError && (
          <p id="channel-events-error" className="flex items-center gap-1 text-sm font-medium text-red-700 dark:text-red-400">
            <CircleAlert aria-hidden="true" className="size-4 shrink-0" />
            {eventsError}
          </p>
        )}
      </fieldset>
      <div className="flex justify-end">
        <Button type="submit" busy={create.isPending}>
          Add channel
        </Button>
      </div>
    </form>
  );
}
