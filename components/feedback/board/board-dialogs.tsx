"use client";

import { useQuery } from "@tanstack/react-query";
import { CircleCheck, Plus } from "lucide-react";
import Link from "next/link";
import { useId, useState } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { TextField, SelectField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { ApiError } from "@/lib/queries/api";
import { createSprint, dayToInstant, toDayInput, type TFeedbackSummary, type TSprint } from "@/lib/queries/feedback-board";
import { fetchReleases, releaseKeys } from "@/lib/queries/releases";

// Loaded on first use (sprint-board.tsx): the two forms of the board behind one lazy import.

export type BoardDialogState = { kind: "sprint" } | { kind: "fixed"; item: TFeedbackSummary };

type Props = {
  state: BoardDialogState;
  projectId: string;
  projectSlug: string;
  sprints: TSprint[];
  onClose: () => void;
  onSprintCreated: (sprint: TSprint) => void;
  /** Resolves to the error when the move was refused (the dialog stays open to show it), else null. */
  onFixed: (item: TFeedbackSummary, releaseId: string | null) => Promise<unknown>;
};

export function BoardDialog({ state, ...props }: Props) {
  if (state.kind === "sprint") return <SprintDialog {...props} />;
  return <FixedDialog {...props} item={state.item} />;
}

const DAY = 86_400_000;

/** Starts the day after the last sprint ends (or today) and runs two weeks: the usual post-launch cadence. */
function defaults(sprints: TSprint[]) {
  const lastEnd = Math.max(0, ...sprints.map((s) => Date.parse(s.endsAt)));
  const start = new Date(Math.max(Date.now(), lastEnd + 1));
  const end = new Date(start.getTime() + 13 * DAY);
  // "Sprint 4" after "Sprint 3", whatever else the team named theirs.
  const numbers = sprints.map((s) => Number(/^sprint\s+(\d{1,4})\b/i.exec(s.name)?.[1] ?? 0));
  const next = Math.max(sprints.length, ...numbers) + 1;
  return { name: `Sprint ${next}`, startsOn: toDayInput(start), endsOn: toDayInput(end) };
}

function SprintDialog({ projectId, sprints, onClose, onSprintCreated }: Omit<Props, "state">) {
  const id = useId();
  const [form, setForm] = useState(() => defaults(sprints));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const startsAt = dayToInstant(form.startsOn, "start");
    const endsAt = dayToInstant(form.endsOn, "end");
    const local: Record<string, string> = {};
    if (!form.name.trim()) local.name = "Give the sprint a name, such as “Sprint 3” or “Launch week”.";
    if (!startsAt) local.startsAt = "Pick the first day of the sprint.";
    if (!endsAt) local.endsAt = "Pick the last day of the sprint.";
    else if (startsAt && Date.parse(endsAt) <= Date.parse(startsAt)) local.endsAt = "The last day must be on or after the first day.";
    setErrors(local);
    setError(null);
    if (Object.keys(local).length) {
      document.getElementById(`${id}-${Object.keys(local)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const sprint = await createSprint(projectId, { name: form.name.trim(), startsAt: startsAt!, endsAt: endsAt! });
      onSprintCreated(sprint);
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, "unknown", "The sprint was not created.");
      setError(apiError);
      setErrors(apiError.fieldErrors());
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title="New sprint" description="A date range to plan accepted feedback in. Pull items into it from the board once it exists.">
      <form onSubmit={submit} noValidate className="space-y-4">
        <FormError error={error} title="The sprint was not created" />
        <TextField id={`${id}-name`} label="Name" required maxLength={80} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={errors.name} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField id={`${id}-startsAt`} type="date" label="First day" required value={form.startsOn} onChange={(e) => setForm({ ...form, startsOn: e.target.value })} error={errors.startsAt} />
          <TextField id={`${id}-endsAt`} type="date" label="Last day" required value={form.endsOn} onChange={(e) => setForm({ ...form, endsOn: e.target.value })} error={errors.endsAt} description="The sprint includes all of this day." />
        </div>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            <Plus aria-hidden="true" className="size-4" />
            Create sprint
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function FixedDialog({ projectId, projectSlug, item, onClose, onFixed }: Omit<Props, "state" | "sprints" | "onSprintCreated"> & { item: TFeedbackSummary }) {
  const id = useId();
  const releases = useQuery({ queryKey: releaseKeys.list(projectId), queryFn: () => fetchReleases(projectId) });
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const list = releases.data ?? [];
  // The newest release is the likeliest fix; "" means no release yet.
  const value = choice ?? list[0]?.id ?? "";
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const refused = await onFixed(item, value || null);
    if (refused) {
      setError(refused);
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title={`Mark ${item.ref} fixed`} description={<span className="break-words">“{item.title}”</span>}>
      <form onSubmit={submit} noValidate className="space-y-4">
        {releases.isPending ? (
          <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            <Spinner />
            Loading the releases…
          </p>
        ) : releases.error ? (
          <ErrorText error={releases.error} fallback="The releases could not be loaded. Close this and try again." />
        ) : (
          <SelectField
            id={`${id}-release`}
            label="Fixed in release"
            value={value}
            onChange={(e) => setChoice(e.target.value)}
            description={
              list.length === 0 ? (
                <>
                  This project has no release yet. Create one on the <Link href={`/projects/${projectSlug}/releases`} className="underline underline-offset-2">Releases</Link> page, or mark the item fixed now and name the release later.
                </>
              ) : (
                "When this release reaches production, T-Minus moves the item to Released and the reporters see it on the public board."
              )
            }
          >
            {list.map((r) => (
              <option key={r.id} value={r.id}>
                {r.version}
                {r.title ? ` — ${r.title}` : ""}
              </option>
            ))}
            <option value="">Not in a release yet</option>
          </SelectField>
        )}
        {error !== null && <ErrorText error={error} fallback={`${item.ref} was not marked fixed. Try again.`} />}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy} disabled={releases.isPending}>
            <CircleCheck aria-hidden="true" className="size-4" />
            Mark fixed
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
