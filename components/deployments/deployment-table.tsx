import Link from "next/link";
import type { ReactNode } from "react";
import { EnvironmentBadge, isProduction } from "@/components/ui/environment-badge";
import { formatDuration } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/time";
import { approvedBy, durationMs, type TDeployment } from "@/lib/queries/deployments";
import { DeploymentStatus } from "./status";

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";
const td = "px-3 py-2.5 align-middle";

/**
 * Deployments as a table on wide screens and as stacked cards on phones. `action` renders a per-row button (Roll back
 * to this); `showTarget` adds the target column on the project-wide list.
 */
export function DeploymentTable({ rows, href, showTarget, action, caption }: { rows: TDeployment[]; href: (d: TDeployment) => string; showTarget?: boolean; action?: (d: TDeployment) => ReactNode; caption: string }) {
  const duration = (d: TDeployment) => {
    const ms = durationMs(d);
    return ms === null ? "—" : formatDuration(ms);
  };
  return (
    <>
      <div className="hidden overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900 md:block">
        <table className="w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950">
            <tr>
              <th scope="col" className={th}>Deployment</th>
              {showTarget && <th scope="col" className={th}>Target</th>}
              <th scope="col" className={th}>Status</th>
              <th scope="col" className={th}>Requested by</th>
              <th scope="col" className={th}>Approved by</th>
              <th scope="col" className={th}>When</th>
              <th scope="col" className={`${th} text-right`}>Duration</th>
              {action && <th scope="col" className={th}><span className="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {rows.map((d) => (
              <tr key={d.id} data-testid="deployment-row">
                <td className={td}>
                  <Link href={href(d)} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                    <span className="tabular-nums">#{d.number}</span> <span className="font-mono">{d.release.version}</span>
                  </Link>
                  {d.kind === "rollback" && <span className="ml-2 text-xs font-semibold text-amber-800 dark:text-amber-300">rollback</span>}
                </td>
                {showTarget && (
                  <td className={td}>
                    <span className="inline-flex items-center gap-2">
                      {d.target.name}
                      {isProduction(d.target.environment) && <EnvironmentBadge environment={d.target.environment} />}
                    </span>
                  </td>
                )}
                <td className={td}>
                  <DeploymentStatus status={d.status} />
                </td>
                <td className={`${td} break-words`}>{d.requestedBy}</td>
                <td className={`${td} break-words`}>{approvedBy(d)}</td>
                <td className={`${td} whitespace-nowrap`}>
                  <RelativeTime iso={d.createdAt} />
                </td>
                <td className={`${td} whitespace-nowrap text-right tabular-nums`}>{duration(d)}</td>
                {action && <td className={`${td} text-right`}>{action(d)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul aria-label={caption} className="space-y-3 md:hidden">
        {rows.map((d) => (
          <li key={d.id} className="rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <Link href={href(d)} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                <span className="tabular-nums">#{d.number}</span> <span className="font-mono">{d.release.version}</span>
                {showTarget && <> → {d.target.name}</>}
              </Link>
              <DeploymentStatus status={d.status} />
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-zinc-700 dark:text-zinc-300">
              <dt className="text-zinc-600 dark:text-zinc-400">Requested</dt>
              <dd className="min-w-0 break-words">
                {d.requestedBy} · <RelativeTime iso={d.createdAt} />
              </dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Approved</dt>
              <dd className="min-w-0 break-words">{approvedBy(d)}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Duration</dt>
              <dd className="tabular-nums">{duration(d)}</dd>
            </dl>
            {action && <div className="mt-3">{action(d)}</div>}
          </li>
        ))}
      </ul>
    </>
  );
}
