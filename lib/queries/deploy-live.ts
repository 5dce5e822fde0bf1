"use client";

import type { QueryClient } from "@tanstack/react-query";
import { laterTest, targetKeys, type TConnectionTest, type TTarget } from "./targets";
import { appendLog, deploymentKeys, mergeDetail, type HeldLog, type TDeployment, type TDeploymentDetail } from "./deployments";
import { refetchLogFrom } from "./deploy-log";

// Live deployment and connection-test events into the query cache. Loaded by lib/queries/events.ts with the first such
// event, so project pages that never see a deployment do not carry the deployment queries.

export function onDeploymentUpdated(queryClient: QueryClient, projectId: string, d: TDeployment) {
  queryClient.setQueryData<TDeploymentDetail>(deploymentKeys.detail(projectId, d.id), (current) => mergeDetail(current, d));
  // Gates, viewer (can I approve?) and the log's truncation follow from the new state: the server says them again.
  void queryClient.invalidateQueries({ queryKey: deploymentKeys.detail(projectId, d.id) });
  queryClient.setQueryData<HeldLog>(deploymentKeys.log(projectId, d.id), (held) => (held && d.logTruncated && !held.truncated ? { ...held, truncated: true } : held));
  void queryClient.invalidateQueries({ queryKey: deploymentKeys.lists(projectId) });
  void queryClient.invalidateQueries({ queryKey: deploymentKeys.targetState(projectId, d.target.id) });
  void queryClient.invalidateQueries({ queryKey: deploymentKeys.inbox() });
}

export function onDeploymentLog(queryClient: QueryClient, projectId: string, data: { deploymentId: string; firstLine: number; lines: string[] }) {
  const key = deploymentKeys.log(projectId, data.deploymentId);
  const held = queryClient.getQueryData<HeldLog>(key);
  if (!held) return; // nobody shows this log; it is fetched whole when opened
  const { log, gapFrom } = appendLog(held, data.firstLine, data.lines);
  if (log !== held) queryClient.setQueryData<HeldLog>(key, log);
  if (gapFrom !== null) void refetchLogFrom(queryClient, projectId, data.deploymentId, gapFrom).catch(() => undefined);
}

export function onConnectionTest(queryClient: QueryClient, projectId: string, test: TConnectionTest) {
  const merged = queryClient.setQueryData<TConnectionTest>(targetKeys.test(projectId, test.id), (current) => laterTest(current, test));
  queryClient.setQueryData<TTarget[]>(targetKeys.list(projectId), (targets) =>
    targets?.map((t) => (t.id === test.targetId ? { ...t, lastConnectionTest: laterTest(t.lastConnectionTest ?? undefined, merged ?? test) } : t)),
  );
  void queryClient.invalidateQueries({ queryKey: targetKeys.list(projectId) });
}

export function onTargetDeployState(queryClient: QueryClient, projectId: string, targetId: string) {
  void queryClient.invalidateQueries({ queryKey: deploymentKeys.targetState(projectId, targetId) });
  void queryClient.invalidateQueries({ queryKey: deploymentKeys.freeze(projectId, targetId) });
}
