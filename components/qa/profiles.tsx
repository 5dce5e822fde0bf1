"use client";

import { CalendarClock, KeyRound, Pencil, Play, Rocket, Trash2 } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { RelativeTime } from "@/components/ui/time";
import type { TQaProfile } from "@/lib/queries/qa";
import { KIND_ICON, KIND_LABEL, QaStatus, isProd, prodEdge } from "./labels";
import { QaError } from "./qa-error";
import { secretKeysOf } from "./secrets";

const link = "font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300";

export function scheduleWords(p: Pick<TQaProfile, "everyHours" | "afterDeploy">): string {
  const every = p.everyHours ? `Every ${p.everyHours === 1 ? "hour" : `${p.everyHours} hours`}` : null;
  const deploy = p.afterDeploy ? "after each deploy" : null;
  if (every && deploy) return `${every} and ${deploy}`;
  if (every) return every;
  if (deploy) return "After each deploy";
  return "By hand only";
}

type Actions = { onRun: (p: TQaProfile) => void; onEdit: (p: TQaProfile) => void; onDelete: (p: TQaProfile) => void; running: string | null; runError: { id: string; error: unknown } | null };

/** Saved settings for a kind on a target, with their schedule and last run; members and up run, edit and delete them. */
export function ProfileList({ profiles, runHref, actions }: { profiles: TQaProfile[]; runHref: (id: string) => string; actions?: Actions }) {
  if (!profiles.length) {
    return (
      <EmptyState title="No saved profiles">
        A profile keeps a kind&apos;s settings for one target, so the same check runs again with one click, every few hours, or after each deploy to that target.
      </EmptyState>
    );
  }
  return (
    <ul className="grid min-w-0 gap-3 lg:grid-cols-2">
      {profiles.map((p) => {
        const Icon = KIND_ICON[p.kind];
        const secretKeys = secretKeysOf(p);
        return (
          <li key={p.id} data-testid="qa-profile" className={`min-w-0 rounded-lg border border-zinc-200 bg-white p-4 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${prodEdge(p.environment)}`}>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <h3 className="break-words text-base font-semibold">{p.name}</h3>
                <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-zinc-700 dark:text-zinc-300">
                  <Icon aria-hidden="true" className="size-4 text-zinc-500 dark:text-zinc-400" />
                  {KIND_LABEL[p.kind]} on {p.targetName}
                  {isProd(p.environment) && <EnvironmentBadge environment={p.environment} />}
                </p>
              </div>
              {actions && (
                <div className="flex flex-wrap gap-1">
                  <Button variant={isProd(p.environment) ? "production" : "secondary"} className="!px-2.5 !py-1.5" busy={actions.running === p.id} onClick={() => actions.onRun(p)}>
                    {isProd(p.environment) ? <Rocket aria-hidden="true" className="size-4" /> : <Play aria-hidden="true" className="size-4" />}
                    Run now<span className="sr-only">: {p.name}</span>
                  </Button>
                  <Button variant="ghost" className="!px-2.5 !py-1.5" onClick={() => actions.onEdit(p)} aria-haspopup="dialog">
                    <Pencil aria-hidden="true" className="size-4" />
                    Edit<span className="sr-only"> {p.name}</span>
                  </Button>
                  <Button variant="ghost" className="!px-2.5 !py-1.5" onClick={() => actions.onDelete(p)} aria-haspopup="dialog">
                    <Trash2 aria-hidden="true" className="size-4" />
                    Delete<span className="sr-only"> {p.name}</span>
                  </Button>
                </div>
              )}
            </div>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-zinc-600 dark:text-zinc-400">Runs</dt>
              <dd>
                <CalendarClock aria-hidden="true" className="mr-1.5 inline size-4 align-[-3px] text-zinc-500 dark:text-zinc-400" />
                {scheduleWords(p)}
                {p.nextRunAt && (
                  <span className="text-zinc-600 dark:text-zinc-400">
                    {" "}
                    · next <RelativeTime iso={p.nextRunAt} />
                  </span>
                )}
              </dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Last run</dt>
              <dd className="flex flex-wrap items-center gap-x-2 gap-y-1">
                {p.lastRun ? (
                  <>
                    <Link href={runHref(p.lastRun.id)} className={link}>
                      {p.lastRun.ref}
                    </Link>
                    <QaStatus status={p.lastRun.status} />
                    <RelativeTime iso={p.lastRun.finishedAt ?? p.lastRun.createdAt} className="text-zinc-600 dark:text-zinc-400" />
                  </>
                ) : (
                  <span className="text-zinc-600 dark:text-zinc-400">Not run yet</span>
                )}
              </dd>
              {secretKeys.length > 0 && (
                <>
                  <dt className="text-zinc-600 dark:text-zinc-400">Secret headers</dt>
                  <dd className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
                    <KeyRound aria-hidden="true" className="size-4 text-zinc-500 dark:text-zinc-400" />
                    <span className="break-all font-mono text-xs">{secretKeys.join(", ")}</span>
                    <span className="text-zinc-600 dark:text-zinc-400">({secretKeys.length === 1 ? "value" : "values"} hidden)</span>
                  </dd>
                </>
              )}
            </dl>
            {actions?.runError?.id === p.id && <QaError error={actions.runError.error} fallback="The profile could not be run. Try again." className="mt-3" />}
          </li>
        );
      })}
    </ul>
  );
}
