"use client";

import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { cockpitKeys, fetchCockpit, fresher, type TCockpit } from "@/lib/queries/cockpit";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * The cockpit as the server rendered it, then as the live stream keeps it: deployment, incident and check events
 * invalidate ["cockpit", id], checklist events ["launch", id]. Both queries read the same endpoint; the fresher wins.
 */
export function useCockpit(initial: TCockpit, options: { pollMs?: number } = {}): TCockpit {
  const projectId = initial.projectId;
  const common = { queryFn: () => fetchCockpit(projectId), initialData: initial, refetchInterval: options.pollMs } as const;
  const cockpit = useQuery({ ...common, queryKey: cockpitKeys.all(projectId) });
  const launch = useQuery({ ...common, queryKey: cockpitKeys.launch(projectId) });
  return fresher(cockpit.data, launch.data);
}

/** The clock for countdowns and waiting times: the server's moment until hydration (same text both sides), then ticking. */
export function useNow(serverNow: string, everyMs: number): number {
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return hydrated ? now : Date.parse(serverNow);
}
