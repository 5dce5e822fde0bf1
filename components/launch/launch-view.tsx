"use client";

import { useQuery } from "@tanstack/react-query";
import { Archive, ArrowRight, Download, LayoutTemplate, Plus } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button, ButtonLink, buttonClass } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { exportLaunchHref, fetchActiveLaunch, launchKeys, nextStage, type TLaunchDetail } from "@/lib/queries/launch";
import { Checklist } from "./checklist";
import { Countdown } from "./countdown";
import { Decisions } from "./decisions";
import { STAGE_LABEL } from "./labels";
import { ReadinessPanel, SectionBreakdown } from "./readiness-panel";
import { StageStepper } from "./stage-stepper";
import type { StartOptions } from "./no-active-launch";
import type { LaunchViewer } from "./use-launch";

// The empty state (with its start form) shows only while no launch is active: it loads in a chunk of its own.
const NoActiveLaunch = lazy(() => import("./no-active-launch").then((m) => ({ default: m.NoActiveLaunch })));

// Dialogs load on first use, all behind one lazy import: they stay out of the page's first-load JavaScript.
const LaunchDialog = lazy(() => import("./launch-dialogs").then((m) => ({ default: m.LaunchDialog })));

/** The active launch, live: stage, countdown, readiness, the checklist and the decisions made so far. */
export function LaunchView({ projectId, projectSlug, initial, viewer, start }: { projectId: string; projectSlug: string; initial: TLaunchDetail | null; viewer: LaunchViewer; start: StartOptions }) {
  const { data: launch, error } = useQuery({ queryKey: launchKeys.active(projectId), queryFn: () => fetchActiveLaunch(projectId), initialData: initial });
  const [dialog, setDialog] = useState<"stage" | "add" | "edit" | "archive" | null>(null);
  const base = `/projects/${projectSlug}/launch`;
  const itemHref = (id: string) => `${base}/items/${id}`;
  const close = () => setDialog(null);

  if (!launch) {
    return (
      <>
        {error ? <ErrorText error={error} fallback="The launch could not be loaded. Reload the page to try again." className="mb-4" /> : null}
        <Suspense fallback={<p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>}>
          <NoActiveLaunch projectId={projectId} templatesHref={`${base}/templates`} viewer={viewer} start={start} />
        </Suspense>
      </>
    );
  }
  const next = nextStage(launch.stage);
  return (
    <div className="space-y-6">
      <header className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Launch · {STAGE_LABEL[launch.stage]} · from {launch.templateName || "an empty checklist"}
            </p>
            <h1 id="launch-title" tabIndex={-1} className="break-words text-2xl font-semibold tracking-tight">
              {launch.name}
            </h1>
            <Countdown targetDate={launch.targetDate} />
          </div>
          <div className="flex flex-wrap gap-2">
            {next && viewer.canDecide && (
              <Button variant="primary" onClick={() => setDialog("stage")} aria-haspopup="dialog">
                Move to {STAGE_LABEL[next]}
                <ArrowRight aria-hidden="true" className="size-4" />
              </Button>
            )}
            <a href={exportLaunchHref(projectId, launch.id, "markdown")} download className={buttonClass("secondary")}>
              <Download aria-hidden="true" className="size-4" />
              Export Markdown
            </a>
            <a href={exportLaunchHref(projectId, launch.id, "csv")} download className={buttonClass("secondary")}>
              <Download aria-hidden="true" className="size-4" />
              Export CSV
            </a>
            <ButtonLink href={`${base}/templates`} variant="ghost">
              <LayoutTemplate aria-hidden="true" className="size-4" />
              Templates
            </ButtonLink>
            {viewer.canManage && (
              <>
                <Button variant="ghost" onClick={() => setDialog("edit")} aria-haspopup="dialog">
                  Edit launch
                </Button>
                <Button variant="ghost" onClick={() => setDialog("archive")} aria-haspopup="dialog">
                  <Archive aria-hidden="true" className="size-4" />
                  Archive launch
                </Button>
              </>
            )}
          </div>
        </div>
        <StageStepper stage={launch.stage} />
        {next && !viewer.canDecide && <p className="text-sm text-zinc-600 dark:text-zinc-400">Approvers and admins move the launch to {STAGE_LABEL[next]}, recording a go/no-go decision.</p>}
      </header>
      {error ? <ErrorText error={error} fallback="Live updates stopped: the launch could not be refreshed. Reload the page to try again." /> : null}
      <div className="grid min-w-0 gap-6 lg:grid-cols-[3fr_2fr]">
        <ReadinessPanel readiness={launch.readiness} itemHref={itemHref} />
        <SectionBreakdown sections={launch.readiness.sections} />
      </div>
      <Checklist
        projectId={projectId}
        items={launch.items}
        canWork={viewer.canWork}
        itemHref={itemHref}
        addItem={
          viewer.canManage ? (
            <Button variant="secondary" onClick={() => setDialog("add")} aria-haspopup="dialog">
              <Plus aria-hidden="true" className="size-4" />
              Add item
            </Button>
          ) : undefined
        }
      />
      <Decisions decisions={launch.decisions} />
      <Suspense fallback={null}>
        {dialog && <LaunchDialog kind={dialog} projectId={projectId} launch={launch} to={next} viewer={viewer} itemHref={itemHref} onClose={close} />}
      </Suspense>
    </div>
  );
}
