"use client";

import Link from "next/link";
import { Rocket } from "lucide-react";
import type { TCockpit } from "@/lib/queries/cockpit";
import { Countdown } from "./countdown";
import { ApprovalsPanel, FeedbackPanel, IncidentsPanel } from "./activity";
import { EnvironmentsPanel } from "./environments";
import { ReadinessPanel } from "./readiness";
import { link, muted, panel } from "./size";
import { useCockpit, useNow } from "./use-cockpit";

type Props = { initial: TCockpit; slug: string; canManageLaunch: boolean; canAddTarget: boolean };

function LaunchBand({ cockpit, slug, canManageLaunch }: { cockpit: TCockpit; slug: string; canManageLaunch: boolean }) {
  const launch = cockpit.launch;
  if (!launch) {
    return (
      <section aria-labelledby="launch-heading" className={panel.page} data-testid="launch">
        <h2 id="launch-heading" className="text-lg font-semibold">
          No launch running
        </h2>
        <p className={`mt-1 text-sm ${muted}`}>
          A launch turns the phase plan into a checklist with owners, evidence and a go/no-go readiness score, shown here.
        </p>
        <p className="mt-3 text-sm">
          {canManageLaunch ? (
            <Link href={`/projects/${slug}/launch`} className={link}>
              Start a launch
            </Link>
          ) : (
            <span className={muted}>An approver or admin of this project starts one from the launch checklist.</span>
          )}
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="launch-heading" className={`${panel.page} flex flex-wrap items-center justify-between gap-4`} data-testid="launch">
      <div className="min-w-0">
        <p className={`text-xs font-semibold uppercase tracking-wide ${muted}`}>Launch</p>
        <h2 id="launch-heading" className="break-words text-xl font-semibold">
          {launch.name}
        </h2>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
          <span className={muted}>Stage</span>
          <span data-testid="stage" className="inline-flex items-center gap-1.5 rounded-full bg-indigo-50 px-2.5 py-0.5 font-semibold text-indigo-900 ring-1 ring-inset ring-indigo-700/30 dark:bg-indigo-950 dark:text-indigo-100 dark:ring-indigo-400/40">
            <Rocket aria-hidden="true" className="size-3.5" />
            {launch.stageLabel}
          </span>
        </p>
      </div>
      <div className="text-right">
        <Countdown targetDate={launch.targetDate} serverNow={cockpit.generatedAt} className="block text-3xl font-bold sm:text-4xl" />
        {/* The countdown already says it in words to screen readers. */}
        <p aria-hidden={launch.targetDate ? true : undefined} className={`text-xs ${muted}`}>
          {launch.targetDate ? "to the launch date" : "Set one on the checklist page"}
        </p>
      </div>
    </section>
  );
}

/** The project home: the launch, readiness, every environment, what waits and what is broken; kept live. */
export function CockpitView({ initial, slug, canManageLaunch, canAddTarget }: Props) {
  const cockpit = useCockpit(initial);
  const now = useNow(cockpit.generatedAt, 30_000);
  return (
    <div className="space-y-6">
      <LaunchBand cockpit={cockpit} slug={slug} canManageLaunch={canManageLaunch} />
      <div className={`grid gap-6 ${cockpit.launch ? "lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]" : ""}`}>
        {cockpit.launch && <ReadinessPanel launch={cockpit.launch} slug={slug} size="page" canManage={canManageLaunch} />}
        <EnvironmentsPanel targets={cockpit.targets} slug={slug} size="page" now={now} generatedAt={cockpit.generatedAt} canAddTarget={canAddTarget} />
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <ApprovalsPanel cockpit={cockpit} slug={slug} size="page" now={now} />
        <IncidentsPanel cockpit={cockpit} slug={slug} size="page" />
        <FeedbackPanel cockpit={cockpit} slug={slug} size="page" />
      </div>
    </div>
  );
}
