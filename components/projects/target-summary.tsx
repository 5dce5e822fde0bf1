"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/ui/card";
import { EnvironmentBadge, productionEdge } from "@/components/ui/environment-badge";
import { ConnectionTestStatus, testPill } from "@/components/targets/connection-test-status";
import { fetchTargets, targetKeys, type TTarget } from "@/lib/queries/targets";

export function TargetSummary({ projectId, initial, targetsHref, canEdit }: { projectId: string; initial: TTarget[]; targetsHref: string; canEdit: boolean }) {
  const { data: targets = initial } = useQuery({ queryKey: targetKeys.list(projectId), queryFn: () => fetchTargets(projectId), initialData: initial });
  return (
    <section aria-labelledby="overview-targets-heading">
      <h2 id="overview-targets-heading" className="mb-3 text-lg font-semibold">
        Targets and their last connection test
      </h2>
      {targets.length === 0 ? (
        <EmptyState title="No targets yet" action={canEdit ? <Link href={targetsHref} className="font-semibold text-indigo-700 underline dark:text-indigo-300">Add a target</Link> : undefined}>
          {canEdit ? "Add staging and production so T-Minus can check and deploy them." : "A project admin adds the environments of this project."}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {targets.map((t) => (
            <li key={t.id} className={`flex flex-wrap items-start justify-between gap-3 p-4 ${productionEdge(t.environment)}`}>
              <div>
                <p className="flex items-center gap-2 font-medium">
                  {t.name} <EnvironmentBadge environment={t.environment} />
                </p>
                <p className="break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">{t.baseUrl}</p>
              </div>
              <div>{t.lastConnectionTest ? <ConnectionTestStatus key={t.lastConnectionTest.id} projectId={projectId} test={t.lastConnectionTest} detailed={false} /> : testPill(null)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
