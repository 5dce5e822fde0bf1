import type { TCockpit, TCockpitDeployment, TCockpitIncident, TCockpitLaunch, TCockpitTarget, TWaitingDeployment } from "@/lib/launch/cockpit";
import { api } from "./api";

// Types only from the service module: the browser never loads zod or the server code for the cockpit.
export type { TCockpit, TCockpitDeployment, TCockpitIncident, TCockpitLaunch, TCockpitTarget, TWaitingDeployment };

export const cockpitKeys = {
  /** Deployment, incident and check events invalidate this (lib/queries/events.ts, throttled). */
  all: (projectId: string) => ["cockpit", projectId] as const,
  /** Under ["launch", projectId]: "launch.updated" invalidates it, so readiness follows checklist changes. */
  launch: (projectId: string) => ["launch", projectId, "cockpit"] as const,
};

export const fetchCockpit = (projectId: string) => api<TCockpit>(`/projects/${projectId}/cockpit`);

/** The fresher of two snapshots of the cockpit (two queries read it: one follows deploys and checks, one the launch). */
export const fresher = (a: TCockpit, b: TCockpit | undefined): TCockpit => (b && Date.parse(b.generatedAt) > Date.parse(a.generatedAt) ? b : a);
