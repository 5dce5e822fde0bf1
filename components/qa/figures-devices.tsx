import { CircleCheck, Hand, MoveHorizontal, TriangleAlert } from "lucide-react";
import type { TQaArtifact } from "@/lib/queries/qa";
import { deviceGroups, enginesNote, shotKey, type Json, type Shot } from "./metrics";

const PROFILE_LABEL: Record<string, string> = { desktop: "Desktop", laptop: "Laptop", tablet: "Tablet", phone: "Phone", "small-phone": "Small phone" };
const profileLabel = (p: string) => PROFILE_LABEL[p] ?? p;
/** Columns: as many as profiles on wide screens (up to five), two on phones so light and dark still compare. */
const COLS: Record<number, string> = { 1: "grid-cols-1 sm:max-w-md", 2: "grid-cols-2", 3: "grid-cols-2 lg:grid-cols-3", 4: "grid-cols-2 lg:grid-cols-4", 5: "grid-cols-2 sm:grid-cols-3 lg:grid-cols-5" };

function Notes({ shot }: { shot: Shot }) {
  const overflow = shot.overflowPx ?? 0;
  const small = shot.smallTargets ?? 0;
  if (shot.overflowPx === null && shot.smallTargets === null) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs">
      {overflow > 1 ? (
        <li className="flex items-center gap-1 font-medium text-red-800 dark:text-red-300">
          <MoveHorizontal aria-hidden="true" className="size-3.5 shrink-0" />
          Scrolls sideways by {Math.round(overflow)} px
        </li>
      ) : null}
      {small > 0 ? (
        <li className="flex items-center gap-1 font-medium text-amber-800 dark:text-amber-300">
          <Hand aria-hidden="true" className="size-3.5 shrink-0" />
          {small} tap {small === 1 ? "target is" : "targets are"} too small
        </li>
      ) : null}
      {overflow <= 1 && small === 0 && (
        <li className="flex items-center gap-1 text-emerald-800 dark:text-emerald-300">
          <CircleCheck aria-hidden="true" className="size-3.5 shrink-0" />
          No overflow or small tap targets
        </li>
      )}
    </ul>
  );
}

/** The screenshots side by side: one block per page, a column per profile, light and dark one under the other. */
export function DevicesFigures({ metrics, artifacts }: { metrics: Json; artifacts: TQaArtifact[] }) {
  const groups = deviceGroups(metrics, artifacts);
  const note = enginesNote(metrics);
  return (
    <div className="space-y-6">
      {note && (
        <p className="flex items-start gap-2 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
          <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          {note}
        </p>
      )}
      {groups.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">No screenshots were kept for this run.</p>}
      {groups.map((g) => (
        <section key={g.path} aria-label={`Screenshots of ${g.path}`} className="min-w-0">
          <h3 className="break-all font-mono text-sm font-semibold">{g.path}</h3>
          <div className="mt-2 space-y-4">
            {g.schemes.map((scheme) => (
              <div key={scheme} className={`grid gap-3 ${COLS[Math.min(g.profiles.length, 5)] ?? COLS[5]}`}>
                {g.profiles.map((profile) => {
                  const shot = g.cells.get(shotKey(profile, scheme));
                  const caption = `${profileLabel(profile)}, ${scheme}`;
                  return (
                    <figure key={profile} className="min-w-0">
                      {shot?.href ? (
                        <a href={shot.href} target="_blank" rel="noreferrer" className="block overflow-hidden rounded-md border border-zinc-200 bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-950">
                          {/* eslint-disable-next-line @next/next/no-img-element -- an authenticated API file, not a static asset for next/image */}
                          <img
                            src={shot.href}
                            loading="lazy"
                            alt={`${g.path} on ${profile}, ${scheme} scheme`}
                            width={shot.width ?? undefined}
                            height={shot.height ?? undefined}
                            className="block h-auto max-h-96 w-full object-cover object-top"
                          />
                        </a>
                      ) : (
                        <p className="flex min-h-24 items-center justify-center rounded-md border border-dashed border-zinc-300 p-3 text-center text-xs text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
                          {shot?.error ? `Not captured: ${shot.error}` : shot ? "No screenshot kept" : "Not in this run"}
                        </p>
                      )}
                      <figcaption className="mt-1 text-xs font-medium">{caption}</figcaption>
                      {shot && <Notes shot={shot} />}
                    </figure>
                  );
                })}
              </div>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
