"use client";

import Link from "next/link";
import { LogOut } from "lucide-react";
import type { TCockpit } from "@/lib/queries/cockpit";
import { useProjectEvents } from "@/lib/queries/events";
import { Clock, Countdown } from "./countdown";
import { ApprovalsPanel, FeedbackPanel, IncidentsPanel, InFlightPanel } from "./activity";
import { EnvironmentsPanel } from "./environments";
import { ReadinessPanel } from "./readiness";
import { muted } from "./size";
import { useCockpit, useNow } from "./use-cockpit";

type Props = { initial: TCockpit; project: { name: string; slug: string }; canManageLaunch: boolean; canAddTarget: boolean };

// The stream keeps the page current; this refetch only covers a stream that is down for longer than its reconnects.
const FALLBACK_POLL_MS = 60_000;

/** One full screen per project for launch day: big type, high contrast, live; one column on a phone. */
export function WarRoomView({ initial, project, canManageLaunch, canAddTarget }: Props) {
  useProjectEvents(initial.projectId);
  const cockpit = useCockpit(initial, { pollMs: FALLBACK_POLL_MS });
  const now = useNow(cockpit.generatedAt, 15_000);
  const launch = cockpit.launch;
  const slug = project.slug;
  return (
    <div className="min-h-screen bg-zinc-100 text-zinc-950 dark:bg-zinc-950 dark:text-white">
      <header className="flex flex-wrap items-center justify-between gap-x-6 gap-y-3 border-b-2 border-zinc-300 bg-white px-4 py-3 sm:px-6 dark:border-zinc-700 dark:bg-zinc-900">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-black tracking-tight sm:text-3xl 2xl:text-5xl">{project.name}</h1>
          <p className={`text-base font-semibold sm:text-lg 2xl:text-2xl ${muted}`} data-testid="stage">
            {launch ? (
              <>
                {launch.stageLabel} · {launch.name}
              </>
            ) : (
              "No launch running"
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          {launch && (
            <p className="text-right">
              <Countdown targetDate={launch.targetDate} serverNow={cockpit.generatedAt} className="block text-3xl font-black sm:text-4xl 2xl:text-6xl" />
            </p>
          )}
          <Clock serverNow={cockpit.generatedAt} className="text-xl font-bold sm:text-2xl 2xl:text-4xl" />
          <Link
            href={`/projects/${slug}`}
            className="inline-flex items-center gap-2 rounded-md border-2 border-zinc-400 px-3 py-1.5 text-base font-semibold hover:bg-zinc-100 sm:text-lg dark:border-zinc-500 dark:hover:bg-zinc-800"
          >
            <LogOut aria-hidden="true" className="size-5" />
            Exit
          </Link>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="grid gap-4 p-4 outline-none sm:gap-6 sm:p-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-4 sm:space-y-6">
          <ReadinessPanel launch={launch} slug={slug} size="room" canManage={canManageLaunch} />
        </div>
        <div className="min-w-0">
          <EnvironmentsPanel targets={cockpit.targets} slug={slug} size="room" now={now} generatedAt={cockpit.generatedAt} canAddTarget={canAddTarget} />
        </div>
        <div className="min-w-0 space-y-4 sm:space-y-6">
          <InFlightPanel cockpit={cockpit} slug={slug} size="room" />
          <ApprovalsPanel cockpit={cockpit} slug={slug} size="room" now={now} />
          <IncidentsPanel cockpit={cockpit} slug={slug} size="room" />
          <FeedbackPanel cockpit={cockpit} slug={slug} size="room" />
        </div>
      </main>
    </div>
  );
}
