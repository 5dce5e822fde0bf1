import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ArrowRight } from "lucide-react";
import { DeploymentStatus } from "@/components/deployments/status";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { EnvironmentBadge, productionEdge } from "@/components/ui/environment-badge";
import { RelativeTime } from "@/components/ui/time";
import { sessionActor } from "@/lib/auth/session";
import { approvalInbox } from "@/lib/deployments/deployments";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const actor = await sessionActor();
  if (!actor) redirect("/signin");
  const items = await approvalInbox({ ctx: { actor } });
  return (
    <>
      <PageHeader title="Approvals" description="Deployments waiting for your approval, across your projects, oldest first. Nobody approves their own request." />
      {items.length === 0 ? (
        <EmptyState title="Nothing waits for your approval">
          When someone requests a deployment to a target where your role may approve, it appears here and in the count in the header. Deployments you requested yourself are approved by someone else.
        </EmptyState>
      ) : (
        <ul aria-label="Waiting for your approval" className="space-y-3">
          {items.map((d) => {
            const missing = Math.max(0, d.approvalsRequired - d.approvalsValid);
            return (
              <li key={d.id} className={`rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${productionEdge(d.target.environment)}`}>
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 space-y-1">
                    <p className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{d.project.name}</p>
                    <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold">
                      <Link href={`/projects/${d.project.slug}/deployments/${d.id}`} className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                        <span className="tabular-nums">#{d.number}</span> · <span className="font-mono">{d.release.version}</span> → {d.target.name}
                      </Link>
                      <EnvironmentBadge environment={d.target.environment} />
                    </h2>
                    <p className="text-sm text-zinc-700 dark:text-zinc-300">
                      Requested by {d.requestedBy} <RelativeTime iso={d.createdAt} />
                      {d.reason && <>: “{d.reason}”</>}
                    </p>
                    <p className="text-sm tabular-nums text-zinc-700 dark:text-zinc-300">
                      {d.approvalsValid} of {d.approvalsRequired} approvals; {missing} more needed.
                    </p>
                  </div>
                  <div className="flex flex-wrap items-center gap-3 sm:flex-col sm:items-end sm:gap-2">
                    <DeploymentStatus status={d.status} />
                    <Link href={`/projects/${d.project.slug}/deployments/${d.id}`} className="inline-flex items-center gap-1 text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300" aria-label={`Review #${d.number} ${d.release.version} to ${d.target.name} in ${d.project.name}`}>
                      Review
                      <ArrowRight aria-hidden="true" className="size-4" />
                    </Link>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
