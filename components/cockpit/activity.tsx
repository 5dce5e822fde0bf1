import Link from "next/link";
import { CircleX, Hourglass, MessageSquareText, TriangleAlert } from "lucide-react";
import type { TCockpit } from "@/lib/queries/cockpit";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { RelativeTime } from "@/components/ui/time";
import { formatDuration } from "@/components/ui/format";
import { DeployPill } from "./pills";
import { approvalsSentence, deploymentsInFlight, waitingApprovals } from "./format";
import { link, muted, panel, text, type Size } from "./size";

type Props = { cockpit: TCockpit; slug: string; size: Size; now: number };
const since = (c: TCockpit, now: number) => Math.max(0, now - Date.parse(c.generatedAt));

/** What waits for approval, longest first: the approver's to-do on launch day. */
export function ApprovalsPanel({ cockpit, slug, size, now }: Props) {
  const s = text[size];
  const waiting = waitingApprovals(cockpit);
  return (
    <section aria-labelledby={`approvals-${size}`} className={panel[size]} data-testid="approvals">
      <h2 id={`approvals-${size}`} className={`${s.h2} flex items-center gap-2`}>
        <Hourglass aria-hidden="true" className={s.icon} />
        Waiting for approval
      </h2>
      {waiting.length === 0 ? (
        <p className={`mt-2 ${s.body} ${muted}`}>Nothing waits for approval.</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {waiting.map((d) => (
            <li key={d.id} className={s.body}>
              <Link href={`/projects/${slug}/deployments/${d.id}`} className={link}>
                #{d.number} <span className="font-mono">{d.version}</span> to {d.target.name}
              </Link>{" "}
              <EnvironmentBadge environment={d.target.environment} />
              <p className={`${s.small} ${muted}`}>
                Waiting <span className="tabular-nums">{formatDuration(d.waitingMs + since(cockpit, now))}</span>; {approvalsSentence(d)}; requested by {d.requestedBy}.
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Deployments requested, queued, running or verifying (the war room shows them apart from the environments). */
export function InFlightPanel({ cockpit, slug, size }: Omit<Props, "now">) {
  const s = text[size];
  const flying = deploymentsInFlight(cockpit);
  return (
    <section aria-labelledby={`in-flight-${size}`} className={panel[size]} data-testid="in-flight">
      <h2 id={`in-flight-${size}`} className={s.h2}>
        Deploying now
      </h2>
      {flying.length === 0 ? (
        <p className={`mt-2 ${s.body} ${muted}`}>No deployment is in flight.</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {flying.map((d) => (
            <li key={d.id} className={`flex flex-wrap items-center gap-2 ${s.body}`}>
              <DeployPill status={d.status} size={size} />
              <Link href={`/projects/${slug}/deployments/${d.id}`} className={link}>
                #{d.number} <span className="font-mono">{d.version}</span> to {d.target.name}
              </Link>
              <span className={`${s.small} ${muted}`}>
                since <RelativeTime iso={d.since} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function IncidentsPanel({ cockpit, slug, size }: Omit<Props, "now">) {
  const s = text[size];
  const open = cockpit.incidents;
  return (
    <section aria-labelledby={`incidents-${size}`} className={panel[size]} data-testid="incidents">
      <h2 id={`incidents-${size}`} className={`${s.h2} flex items-center gap-2`}>
        <TriangleAlert aria-hidden="true" className={s.icon} />
        Open incidents ({open.length})
      </h2>
      {open.length === 0 ? (
        <p className={`mt-2 ${s.body} ${muted}`}>No open incidents.</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {open.map((i) => (
            <li key={i.id} className={`border-l-4 pl-3 ${i.acknowledged ? "border-amber-500" : "border-red-600 dark:border-red-400"} ${s.body}`}>
              <Link href={`/projects/${slug}/incidents/${i.id}`} className={link}>
                #{i.number} {i.title}
              </Link>
              <p className={`${s.small} ${muted} flex flex-wrap items-center gap-x-1.5`}>
                {!i.acknowledged && <CircleX aria-hidden="true" className="size-4 text-red-700 dark:text-red-300" />}
                <span>
                  Since <RelativeTime iso={i.startedAt} />;
                </span>
                <span className="font-semibold">{i.acknowledged ? `acknowledged by ${i.acknowledgedBy ?? "someone"}` : "not acknowledged"}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The rate of incoming feedback and the newest open critical items: what launch week needs to see at a glance. */
export function FeedbackPanel({ cockpit, slug, size }: { cockpit: TCockpit; slug: string; size: Size }) {
  const s = text[size];
  const f = cockpit.feedback;
  return (
    <section aria-labelledby={`feedback-${size}`} className={panel[size]} data-testid="feedback">
      <h2 id={`feedback-${size}`} className={`${s.h2} flex items-center gap-2`}>
        <MessageSquareText aria-hidden="true" className={s.icon} />
        Feedback
      </h2>
      <dl className={`mt-2 grid grid-cols-3 gap-2 ${s.body}`}>
        <div>
          <dt className={`${s.small} ${muted}`}>Last 24 h</dt>
          <dd className="font-semibold tabular-nums">
            {f.last24h} <span className={`${s.small} font-normal ${muted}`}>({f.lastHour} in the last hour)</span>
          </dd>
        </div>
        <div>
          <dt className={`${s.small} ${muted}`}>In the inbox</dt>
          <dd className="font-semibold tabular-nums">{f.inbox}</dd>
        </div>
        <div>
          <dt className={`${s.small} ${muted}`}>Open critical</dt>
          <dd className="flex items-center gap-1 font-semibold tabular-nums">
            {f.openCriticals > 0 && <TriangleAlert aria-hidden="true" className="size-4 text-red-700 dark:text-red-300" />}
            {f.openCriticals}
          </dd>
        </div>
      </dl>
      {f.criticals.length > 0 ? (
        <ul className="mt-3 space-y-2">
          {f.criticals.map((c) => (
            <li key={c.id}>
              <Link href={`/projects/${slug}/feedback/${c.ref}`} className={link}>
                Critical {c.ref}: {c.title}
              </Link>
              <p className={`${s.small} ${muted}`}>
                Reported <RelativeTime iso={c.createdAt} />; {c.status === "new" ? "not triaged yet" : c.status.replace("_", " ")}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className={`mt-3 ${s.small} ${muted}`}>
          No critical feedback is open.{" "}
          <Link href={`/projects/${slug}/feedback`} className={link}>
            {f.inbox ? `Triage the ${f.inbox} new item${f.inbox === 1 ? "" : "s"}` : "Open the inbox"}
          </Link>
        </p>
      )}
    </section>
  );
}
