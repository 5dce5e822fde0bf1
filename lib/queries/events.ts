"use client";

import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { API } from "./api";
import type { TConnectionTest } from "./targets";
import type { TDeployment } from "./deployments";
import type { UptimeLive } from "./uptime-live";
import type { TQaEvent } from "./qa";

export const CONNECTION_TEST_EVENT = "connection-test.updated";
export const DEPLOYMENT_EVENT = "deployment.updated";
export const DEPLOYMENT_LOG_EVENT = "deployment.log";
export const TARGET_DEPLOY_STATE_EVENT = "target.deploy-state";
export const CHECK_RESULT_EVENT = "check.result";
export const INCIDENT_EVENT = "incident.updated";
export const LAUNCH_EVENT = "launch.updated";
export const QA_EVENT = "qa.updated";
export const FEEDBACK_EVENT = "feedback.updated";
const COCKPIT_THROTTLE_MS = 5_000;
const FEEDBACK_THROTTLE_MS = 1_000;
type LiveEvent<T> = { id: string; projectId: string; type: string; data: T; createdAt: string };

function parse<T>(message: MessageEvent<string>): LiveEvent<T> | null {
  try {
    return JSON.parse(message.data) as LiveEvent<T>;
  } catch {
    return null;
  }
}

/**
 * Calls `run` at most once per `ms`: the first call runs at once, later ones inside the window fold into one trailing
 * call at its end, so the last change is never lost. `cancel` drops a pending trailing call.
 */
export function throttle(run: () => void, ms: number, now: () => number = Date.now) {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    last = now();
    run();
  };
  return {
    call() {
      if (timer) return;
      const wait = last + ms - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/**
 * Follows the project's event stream and writes what arrives into the query cache.
 * EventSource reconnects by itself and resends Last-Event-ID, so missed events are replayed by the server.
 */
export function useProjectEvents(projectId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource(`${API}/projects/${projectId}/events`);
    // The cockpit (project home, war room) summarises deployments, incidents and checks: a burst of results on launch
    // day refetches it once per window, not once per result. Keys spelled out so the layout loads no page modules.
    const cockpit = throttle(() => void queryClient.invalidateQueries({ queryKey: ["cockpit", projectId] }), COCKPIT_THROTTLE_MS);
    // Deployment and connection-test handling loads with the first such event (JS budget: every project page carries
    // this hook). Events wait on the same promise, so they are applied in the order they arrived.
    let deploys: Promise<typeof import("./deploy-live")> | null = null;
    const deployLive = () => (deploys ??= import("./deploy-live"));
    const onTest = (message: MessageEvent<string>) => {
      const event = parse<TConnectionTest>(message);
      if (event) void deployLive().then((m) => m.onConnectionTest(queryClient, projectId, event.data));
    };
    const onDeployment = (message: MessageEvent<string>) => {
      const event = parse<TDeployment>(message);
      if (event?.data?.id) void deployLive().then((m) => m.onDeploymentUpdated(queryClient, projectId, event.data));
      cockpit.call();
    };
    const onLog = (message: MessageEvent<string>) => {
      const event = parse<{ deploymentId: string; firstLine: number; lines: string[] }>(message);
      if (event?.data?.deploymentId && Array.isArray(event.data.lines)) void deployLive().then((m) => m.onDeploymentLog(queryClient, projectId, event.data));
    };
    const onTargetState = (message: MessageEvent<string>) => {
      const event = parse<{ targetId: string }>(message);
      if (!event?.data?.targetId) return;
      void deployLive().then((m) => m.onTargetDeployState(queryClient, projectId, event.data.targetId));
    };
    // Uptime handling loads with the first uptime event, so pages without uptime data do not carry it (JS budget).
    let uptime: Promise<UptimeLive> | null = null;
    const live = () => (uptime ??= import("./uptime-live").then((m) => m.uptimeLive(queryClient, projectId)));
    const onResult = (message: MessageEvent<string>) => {
      const event = parse<Parameters<UptimeLive["result"]>[0]>(message);
      if (event?.data?.checkId && event.data.at) void live().then((u) => u.result(event.data));
      cockpit.call();
    };
    const onIncident = (message: MessageEvent<string>) => {
      const event = parse<Parameters<UptimeLive["incident"]>[0]>(message);
      if (event?.data?.incidentId) void live().then((u) => u.incident(event.data));
      cockpit.call();
    };
    // Any change to a launch or its items (people and automated ticks alike): readiness is computed on the server, so
    // everything launch-shaped on screen is refetched rather than patched.
    const onLaunch = (message: MessageEvent<string>) => {
      if (parse<{ launchId?: string; itemId?: string }>(message)) void queryClient.invalidateQueries({ queryKey: ["launch", projectId] });
    };
    // QA progress, log lines and load-test points: handled by lib/queries/qa.ts, loaded with the first QA event.
    const onQa = (message: MessageEvent<string>) => {
      const event = parse<TQaEvent>(message);
      if (event?.data?.runId) void import("./qa").then((m) => m.onQaEvent(queryClient, projectId, event.data));
    };
    // New or changed feedback: lists, items and figures are the server's to recount (feedbackKeys.all, spelled out so
    // the layout does not load lib/queries/feedback); a burst of submissions refetches once a second, not once each.
    const feedback = throttle(() => void queryClient.invalidateQueries({ queryKey: ["projects", projectId, "feedback"] }), FEEDBACK_THROTTLE_MS);
    const onFeedback = (message: MessageEvent<string>) => {
      if (!parse<{ kind: string; ids: string[] }>(message)?.data) return;
      feedback.call();
      // The cockpit's feedback panel (last 24 hours, open criticals) counts them too.
      cockpit.call();
    };
    const listeners: [string, (m: MessageEvent<string>) => void][] = [
      [CONNECTION_TEST_EVENT, onTest],
      [DEPLOYMENT_EVENT, onDeployment],
      [DEPLOYMENT_LOG_EVENT, onLog],
      [TARGET_DEPLOY_STATE_EVENT, onTargetState],
      [CHECK_RESULT_EVENT, onResult],
      [INCIDENT_EVENT, onIncident],
      [LAUNCH_EVENT, onLaunch],
      [QA_EVENT, onQa],
      [FEEDBACK_EVENT, onFeedback],
    ];
    for (const [type, fn] of listeners) source.addEventListener(type, fn as EventListener);
    // Check results are not replayed after a reconnect (they are transient): what is on screen is refetched instead.
    let opened = 0;
    const onOpen = () => {
      // uptimeKeys.all and qaKeys.all, spelled out so the layout does not load lib/queries/uptime or qa.
      if (opened++ > 0) {
        void queryClient.invalidateQueries({ queryKey: ["projects", projectId, "uptime"] });
        void queryClient.invalidateQueries({ queryKey: ["launch", projectId] });
        void queryClient.invalidateQueries({ queryKey: ["projects", projectId, "qa"] });
        cockpit.call();
      }
    };
    source.addEventListener("open", onOpen);
    return () => {
      for (const [type, fn] of listeners) source.removeEventListener(type, fn as EventListener);
      source.removeEventListener("open", onOpen);
      void uptime?.then((u) => u.cancel());
      cockpit.cancel();
      feedback.cancel();
      source.close();
    };
  }, [projectId, queryClient]);
}
