import Link from "next/link";
import { CircleCheck, CircleX, Flag } from "lucide-react";
import type { TCockpitLaunch } from "@/lib/queries/cockpit";
import { link, muted, panel, text, type Size } from "./size";

const pct = (n: number) => Math.max(0, Math.min(100, n));

/** Go or no-go, with shape and word: never colour alone. */
export function Verdict({ go, size }: { go: boolean; size: Size }) {
  const Icon = go ? CircleCheck : CircleX;
  const tone = go
    ? "bg-emerald-50 text-emerald-900 ring-emerald-700/40 dark:bg-emerald-950 dark:text-emerald-100 dark:ring-emerald-400/40"
    : "bg-red-50 text-red-900 ring-red-700/40 dark:bg-red-950 dark:text-red-100 dark:ring-red-400/40";
  return (
    <span data-testid="verdict" data-go={go} className={`inline-flex items-center gap-1.5 rounded-full font-bold ring-2 ring-inset ${tone} ${size === "room" ? "px-4 py-1.5 text-xl 2xl:text-3xl" : "px-3 py-1 text-sm"}`}>
      <Icon aria-hidden="true" className={text[size].icon} />
      {go ? "Go" : "No-go"}
    </span>
  );
}

export function ReadinessPanel({ launch, slug, size, canManage }: { launch: TCockpitLaunch | null; slug: string; size: Size; canManage: boolean }) {
  const t = text[size];
  const checklist = `/projects/${slug}/launch`;
  if (!launch) {
    return (
      <section aria-labelledby={`readiness-${size}`} className={panel[size]}>
        <h2 id={`readiness-${size}`} className={t.h2}>
          Readiness
        </h2>
        <p className={`mt-2 ${t.body} ${muted}`}>No launch is running, so there is no checklist to be ready against.</p>
        <p className={`mt-3 ${t.body}`}>
          {canManage ? (
            <Link href={checklist} className={link}>
              Start a launch
            </Link>
          ) : (
            <span className={muted}>An approver or admin starts a launch from the project&apos;s checklist page.</span>
          )}
        </p>
      </section>
    );
  }
  const r = launch.readiness;
  const counts = r.counts as Record<string, number | undefined>;
  const done = (counts.done ?? 0) + (counts.waived ?? 0) + (counts.not_applicable ?? 0);
  return (
    <section aria-labelledby={`readiness-${size}`} className={panel[size]} data-testid="readiness">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={`readiness-${size}`} className={t.h2}>
          Readiness
        </h2>
        <Verdict go={r.go} size={size} />
      </div>
      <p className="mt-3 flex items-baseline gap-2">
        <span className={`${t.big} tabular-nums`}>{r.score}</span>
        <span className={`${t.body} ${muted}`}>out of 100</span>
      </p>
      <div aria-hidden="true" className={`mt-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700 ${size === "room" ? "h-4 2xl:h-6" : "h-2.5"}`}>
        <div className={`h-full rounded-full ${r.go ? "bg-emerald-600 dark:bg-emerald-400" : "bg-amber-500 dark:bg-amber-400"}`} style={{ width: `${pct(r.score)}%` }} />
      </div>
      <p className={`mt-3 font-medium ${t.body}`} data-testid="verdict-text">
        {r.verdict}
      </p>
      <p className={`mt-1 ${t.small} ${muted}`}>
        <span className="tabular-nums">{done}</span> of <span className="tabular-nums">{r.total}</span> items done, waived or not applicable
        {counts.in_progress ? (
          <>
            ; <span className="tabular-nums">{counts.in_progress}</span> in progress
          </>
        ) : null}
        .
      </p>
      {r.holding.length > 0 && (
        <div className="mt-4">
          <h3 className={`${t.h3} flex items-center gap-2`}>
            <Flag aria-hidden="true" className={text[size].icon} />
            Holding the launch ({r.holding.length})
          </h3>
          <ul className="mt-2 space-y-2" data-testid="holding">
            {r.holding.map((item) => (
              <li key={item.id} className={`border-l-4 border-red-600 pl-3 dark:border-red-400 ${t.body}`}>
                <Link href={`${checklist}/items/${item.id}`} className={link}>
                  <span className="font-mono">{item.ref}</span> {item.title}
                </Link>
                {item.problem && <p className={`${t.small} ${muted}`}>{item.problem}</p>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {size === "page" && (
        <p className="mt-4 text-sm">
          <Link href={checklist} className={link}>
            Open the checklist
          </Link>
        </p>
      )}
    </section>
  );
}
