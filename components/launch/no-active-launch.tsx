"use client";

import { Rocket } from "lucide-react";
import Link from "next/link";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import type { LaunchViewer } from "./use-launch";

const StartLaunchDialog = lazy(() => import("./launch-dialogs").then((m) => ({ default: m.StartLaunchDialog })));

export type StartOptions = {
  templates: { id: string; name: string; itemCount: number; sectionCount: number }[];
  /** Names of the approvers and admins, for people who cannot start a launch themselves. */
  managers: string[];
};

/** No launch is active: what a launch is, and either the way to start one or who can. */
export function NoActiveLaunch({ projectId, templatesHref, viewer, start }: { projectId: string; templatesHref: string; viewer: LaunchViewer; start: StartOptions }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div className="mb-6">
        <h1 id="launch-title" tabIndex={-1} className="text-2xl font-semibold tracking-tight">
          Launch
        </h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">The launch checklist: what must be true before you ship, who owns each item, and a go/no-go you can see in two seconds.</p>
      </div>
      <EmptyState
        title="No launch is active"
        action={
          viewer.canManage ? (
            <Button onClick={() => setOpen(true)} aria-haspopup="dialog">
              <Rocket aria-hidden="true" className="size-4" />
              Start a launch
            </Button>
          ) : undefined
        }
      >
        <p>
          A launch carries a checklist (start from the built-in Phase 5 template, one of the{" "}
          <Link href={templatesHref} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            project&apos;s templates
          </Link>
          , or an empty list), moves through planned, soft launch, official launch and post-launch, and records a go/no-go decision at each step.
        </p>
        {!viewer.canManage && (
          <p className="mt-2">
            Approvers and admins start launches
            {start.managers.length ? `: ask ${start.managers.slice(0, 3).join(", ")}${start.managers.length > 3 ? ` or one of ${start.managers.length - 3} more` : ""}.` : "."}
          </p>
        )}
      </EmptyState>
      <Suspense fallback={null}>{open && <StartLaunchDialog projectId={projectId} templates={start.templates} onClose={() => setOpen(false)} />}</Suspense>
    </>
  );
}
