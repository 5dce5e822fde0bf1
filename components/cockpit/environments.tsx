import Link from "next/link";
import { Hourglass, Lock } from "lucide-react";
import type { TCockpitTarget } from "@/lib/queries/cockpit";
import { EnvironmentBadge, isProduction } from "@/components/ui/environment-badge";
import { RelativeTime } from "@/components/ui/time";
import { formatDuration } from "@/components/ui/format";
import { Sparkline } from "@/components/uptime/sparkline";
import { formatMs, formatPct } from "@/components/uptime/format";
import { DeployPill, HealthPill } from "./pills";
import { approvalsSentence, driftSentence, healthSentence } from "./format";
import { link, muted, panel, text, type Size } from "./size";

function TargetTile({ target: t, slug, size, now, generatedAt }: { target: TCockpitTarget; slug: string; size: Size; now: number; generatedAt: string }) {
  const s = text[size];
  const base = `/projects/${slug}`;
  const prod = isProduction(t.environment);
  const h = t.health;
  const last = t.recent.find((d) => !t.inFlight.some((f) => f.id === d.id) && !t.awaitingApproval.some((a) => a.id === d.id));
  const aged = (ms: number) => formatDuration(ms + Math.max(0, now - Date.parse(generatedAt)));
  return (
    <li
      data-testid="environment"
      data-target={t.name}
      className={`${panel[size]} ${prod ? "border-l-8 border-l-rose-600 dark:border-l-rose-400" : ""} flex min-w-0 flex-col gap-3`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className={`${s.h3} flex min-w-0 flex-wrap items-center gap-2`}>
          <Link href={`${base}/targets/${t.id}`} className="break-all underline-offset-2 hover:underline">
            {t.name}
          </Link>
          <EnvironmentBadge environment={t.environment} />
        </h3>
        <HealthPill state={h?.state ?? "none"} size={size} />
      </div>

      <dl className={`grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 ${s.body}`}>
        <dt className={muted}>Live</dt>
        <dd className="min-w-0" data-testid="live-version">
          {t.live ? (
            <>
              <Link href={`${base}/deployments/${t.live.deploymentId}`} className="break-all font-mono font-semibold underline-offset-2 hover:underline">
                {t.live.version}
              </Link>{" "}
              <span className={muted}>
                since <RelativeTime iso={t.live.since} />
              </span>
            </>
          ) : (
            <span className={muted}>Nothing deployed yet</span>
          )}
        </dd>
        <dt className={muted}>Latency</dt>
        <dd className="flex flex-wrap items-center gap-x-3 tabular-nums" data-testid="latency">
          {h ? (
            <>
              <span className="font-semibold">{formatMs(h.lastLatencyMs)}</span>
              {size === "page" && <Sparkline values={h.recentLatencies} down={h.state === "down"} />}
            </>
          ) : (
            <span className={muted}>No health check</span>
          )}
        </dd>
        {h && (
          <>
            <dt className={muted}>Uptime</dt>
            <dd className="tabular-nums">
              {formatPct(h.uptime24hPct)} <span className={muted}>over 24 h</span>
            </dd>
          </>
        )}
      </dl>

      {h?.state === "down" && h.lastError && <p className={`${s.small} break-words font-medium text-red-800 dark:text-red-200`}>{h.lastError}</p>}

      {t.lock && (
        <p className={`flex items-start gap-2 ${s.small} font-medium text-amber-900 dark:text-amber-100`}>
          <Lock aria-hidden="true" className={`${s.icon} mt-0.5 shrink-0`} />
          <span>
            Locked by {t.lock.by}
            {t.lock.reason ? `: ${t.lock.reason}` : ""}
          </span>
        </p>
      )}

      {(t.inFlight.length > 0 || t.awaitingApproval.length > 0) && (
        <ul className={`space-y-1.5 ${s.small}`}>
          {t.inFlight.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-2">
              <DeployPill status={d.status} size={size} />
              <Link href={`${base}/deployments/${d.id}`} className={link}>
                #{d.number} <span className="font-mono">{d.version}</span>
              </Link>
            </li>
          ))}
          {t.awaitingApproval.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-2">
              <Hourglass aria-hidden="true" className={`${s.icon} text-amber-700 dark:text-amber-300`} />
              <Link href={`${base}/deployments/${d.id}`} className={link}>
                #{d.number} <span className="font-mono">{d.version}</span>
              </Link>
              <span>
                waits for approval, <span className="tabular-nums">{aged(d.waitingMs)}</span> ({approvalsSentence(d)})
              </span>
            </li>
          ))}
        </ul>
      )}

      {size === "page" && last && (
        <p className={`${s.small} ${muted} flex flex-wrap items-center gap-x-2 gap-y-1`}>
          <span>Last deployment</span>
          <Link href={`${base}/deployments/${last.id}`} className={link}>
            #{last.number} <span className="font-mono">{last.version}</span>
          </Link>
          <DeployPill status={last.status} size="page" />
          <RelativeTime iso={last.since} />
        </p>
      )}
    </li>
  );
}

export function EnvironmentsPanel({ targets, slug, size, now, generatedAt, canAddTarget }: { targets: TCockpitTarget[]; slug: string; size: Size; now: number; generatedAt: string; canAddTarget: boolean }) {
  const s = text[size];
  const drift = driftSentence(targets);
  return (
    <section aria-labelledby={`environments-${size}`}>
      <h2 id={`environments-${size}`} className={s.h2}>
        Environments
      </h2>
      {targets.length === 0 ? (
        <div className={`${panel[size]} mt-3`}>
          <p className={`${s.body} ${muted}`}>This project has no environments yet, so there is nothing to watch or deploy.</p>
          <p className={`mt-2 ${s.body}`}>
            {canAddTarget ? (
              <Link href={`/projects/${slug}/targets`} className={link}>
                Add a target
              </Link>
            ) : (
              <span className={muted}>A project admin adds staging and production on the Targets page.</span>
            )}
          </p>
        </div>
      ) : (
        <>
          <p className={`mt-1 ${s.small} ${muted}`} data-testid="health-summary">
            {healthSentence(targets)}
            {drift && <> {drift}</>}
          </p>
          <ul className={`mt-3 grid gap-4 ${size === "page" ? "md:grid-cols-2" : "lg:grid-cols-2"}`}>
            {targets.map((t) => (
              <TargetTile key={t.id} target={t} slug={slug} size={size} now={now} generatedAt={generatedAt} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
