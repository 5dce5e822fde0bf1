"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { launchKeys, updateItem, withItem, type TItem, type TItemDetail, type TItemPatch, type TLaunchDetail } from "@/lib/queries/launch";

/** Who is looking and what their role lets them do, decided on the server from lib/auth/permissions. */
export type LaunchViewer = { userId: string | null; canWork: boolean; canManage: boolean; canSignoff: boolean; canDecide: boolean; canOverride: boolean };

/** Refetches everything launch-shaped: readiness is computed on the server, so a change anywhere can move it. */
export function useRefreshLaunch(projectId: string) {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: launchKeys.all(projectId) }), [queryClient, projectId]);
}

/**
 * Changes an item and shows the change at once on the checklist and the item page; the server's answer (and the
 * readiness it implies) replaces the guess. Changes to one item are sent one after another, so the last one wins.
 */
export function useUpdateItem(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = useRefreshLaunch(projectId);
  const queue = useRef(new Map<string, Promise<unknown>>());
  return useCallback(
    (item: Pick<TItem, "id">, patch: TItemPatch): Promise<TItem> => {
      // People are shown from the server's answer (the patch names them by id only).
      const shown: Partial<TItem> = {};
      for (const key of ["status", "dueAt", "blocking", "signOffRequired", "renewalDays", "title", "section", "description"] as const) {
        if (key in patch) Object.assign(shown, { [key]: patch[key] });
      }
      const guess = { ...shown, id: item.id };
      void queryClient.cancelQueries({ queryKey: launchKeys.active(projectId) });
      queryClient.setQueryData<TLaunchDetail | null>(launchKeys.active(projectId), (l) => withItem(l, guess) ?? l);
      queryClient.setQueryData<TItemDetail>(launchKeys.item(projectId, item.id), (d) => (d ? { ...d, ...guess } : d));
      const before = queue.current.get(item.id) ?? Promise.resolve();
      const run = before.catch(() => undefined).then(() => updateItem(projectId, item.id, patch));
      queue.current.set(item.id, run);
      return run.finally(() => {
        if (queue.current.get(item.id) === run) queue.current.delete(item.id);
        void refresh();
      });
    },
    [projectId, queryClient, refresh],
  );
}
