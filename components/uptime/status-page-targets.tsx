"use client";

import { ExternalLink, Globe } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { ErrorText } from "@/components/ui/error-text";
import { useToast } from "@/components/ui/toast";
import { updateTarget } from "@/lib/queries/targets";

type Target = { id: string; name: string; environment: string; publicStatus: boolean };

const MAX_LISTED = 25;

/** Which targets the public status page shows (by name and status only); admins switch each on or off. */
export function StatusPageTargets({ projectId, projectSlug, targets, canManage }: { projectId: string; projectSlug: string; targets: Target[]; canManage: boolean }) {
  const [shown, setShown] = useState(() => Object.fromEntries(targets.map((t) => [t.id, t.publicStatus])));
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; error: unknown } | null>(null);
  const toast = useToast();
  const href = `/status/${projectSlug}`;

  async function toggle(t: Target, on: boolean) {
    setBusy(t.id);
    setError(null);
    setShown((s) => ({ ...s, [t.id]: on }));
    try {
      const saved = await updateTarget(projectId, t.id, { publicStatus: on });
      setShown((s) => ({ ...s, [t.id]: saved.publicStatus }));
      toast({ message: on ? `${t.name} is now on the public status page.` : `${t.name} is no longer on the public status page.` });
    } catch (err) {
      setShown((s) => ({ ...s, [t.id]: !on }));
      setError({ id: t.id, error: err });
    } finally {
      setBusy(null);
    }
  }

  const count = Object.values(shown).filter(Boolean).length;
  // A project with hundreds of targets lists the ones shown and finds the others by name, instead of a switch each.
  const [filter, setFilter] = useState("");
  const many = targets.length > MAX_LISTED;
  const needle = filter.trim().toLowerCase();
  const listed = !many
    ? targets
    : targets.filter((t) => (needle ? t.name.toLowerCase().includes(needle) : t.publicStatus || shown[t.id])).slice(0, MAX_LISTED);
  return (
    <Card aria-labelledby="status-page-heading">
      <h2 id="status-page-heading" className="flex items-center gap-2 text-lg font-semibold">
        <Globe aria-hidden="true" className="size-5" />
        Public status page
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Shows each chosen target by name with its status, 90 days of uptime and incidents with their public updates; never URLs or what is checked.{" "}
        <Link href={href} prefetch={false} className="inline-flex items-center gap-1 font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
          <span className="font-mono">{href}</span>
          <ExternalLink aria-hidden="true" className="size-3.5" />
        </Link>
      </p>
      {targets.length === 0 ? (
        <p className="mt-3 text-sm">No targets yet.</p>
      ) : (
        <>
        {many && (
          <label className="mt-3 block text-sm">
            <span className="font-medium">Find a target</span>
            <input
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.currentTarget.value)}
              className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 dark:border-zinc-700 dark:bg-zinc-950"
              aria-describedby="status-page-filter-help"
            />
            <span id="status-page-filter-help" className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">
              {needle ? `Up to ${MAX_LISTED} targets matching "${filter.trim()}".` : `Showing the ${count} shown on the page; type a name to find the other ${targets.length - count}.`}
            </span>
          </label>
        )}
        <ul className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800" aria-label={`Targets on the status page: ${count} of ${targets.length}`}>
          {listed.map((t) => (
            <li key={t.id} className="py-2.5">
              <label className="flex items-center justify-between gap-3 text-sm">
                <span className="flex min-w-0 flex-wrap items-center gap-2">
                  <span className="font-medium">{t.name}</span>
                  <EnvironmentBadge environment={t.environment} />
                </span>
                <span className="flex items-center gap-2">
                  <span className="text-zinc-700 dark:text-zinc-300">{shown[t.id] ? "Shown" : "Hidden"}</span>
                  <input
                    type="checkbox"
                    role="switch"
                    className="size-4"
                    checked={shown[t.id] ?? false}
                    disabled={!canManage}
                    aria-busy={busy === t.id || undefined}
                    aria-label={`Show ${t.name} on the status page`}
                    onChange={(e) => void toggle(t, e.currentTarget.checked)}
                  />
                </span>
              </label>
              {error?.id === t.id && <ErrorText error={error.error} fallback="That did not save. Try again." className="mt-1" />}
            </li>
          ))}
        </ul>
        </>
      )}
      {!canManage && <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">A project admin chooses what the status page shows.</p>}
    </Card>
  );
}
