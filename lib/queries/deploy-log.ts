"use client";

import type { QueryClient } from "@tanstack/react-query";
import { deploymentKeys, fetchLog, mergeLogPage, type HeldLog } from "./deployments";

// Apart from the deployment queries: only the log panel and the live events need it (the target page does not).

/** Fetches the lines from `after` on and merges them by number: fills a gap the stream left. */
export async function refetchLogFrom(queryClient: QueryClient, projectId: string, deploymentId: string, after: number) {
  const page = await fetchLog(projectId, deploymentId, after);
  queryClient.setQueryData<HeldLog>(deploymentKeys.log(projectId, deploymentId), (held) => (held ? mergeLogPage(held, page) : held));
}
