"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { ApiError } from "@/lib/queries/api";
import { boardKeys, updateSettings, type SettingsPatch, type TFeedbackSettings } from "@/lib/queries/feedback-board";

// Pieces the intake settings sections share.

const noop = () => () => {};
/** This instance's origin as the browser reaches it; the server renders its configured URL's origin. */
export function useOrigin(serverOrigin: string) {
  return useSyncExternalStore(noop, () => window.location.origin, () => serverOrigin);
}

/** One PATCH of the settings: the answer replaces the cached settings; the error is kept for the section to show. */
export function useSaveSettings(projectId: string) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function save(patch: SettingsPatch): Promise<TFeedbackSettings | null> {
    setBusy(true);
    setError(null);
    try {
      const next = await updateSettings(projectId, patch);
      queryClient.setQueryData(boardKeys.settings(projectId), next);
      return next;
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "unknown", "The settings were not saved."));
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { save, busy, error, clearError: () => setError(null) };
}

export function Section({ id, title, intro, badge, children }: { id: string; title: string; intro?: ReactNode; badge?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`${id}-heading`} tabIndex={-1} className="scroll-mt-4 text-lg font-semibold outline-none">
          {title}
        </h2>
        {badge}
      </div>
      {intro && <div className="mt-1 max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">{intro}</div>}
      <div className="mt-4 space-y-4">{children}</div>
    </section>
  );
}

/** A value to paste elsewhere (a URL, a key): monospace, wraps on phones, with a copy button. */
export function CopyValue({ label, value, copyLabel = "Copy" }: { label: string; value: string; copyLabel?: string }) {
  return (
    <div className="space-y-1.5">
      <p className="text-sm font-medium">{label}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-sm break-all dark:border-zinc-700 dark:bg-zinc-950">{value}</code>
        <CopyButton value={value} label={copyLabel} />
      </div>
    </div>
  );
}

/** Numbered steps to follow in another product (GitHub, Discord). */
export function Steps({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ol aria-label={label} className="list-decimal space-y-3 pl-5 text-sm text-zinc-800 marker:font-semibold marker:text-zinc-600 dark:text-zinc-200 dark:marker:text-zinc-400">
      {children}
    </ol>
  );
}
