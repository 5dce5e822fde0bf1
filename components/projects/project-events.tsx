"use client";

import { useProjectEvents } from "@/lib/queries/events";

/** Mounted once per project page so every view of it receives live updates. */
export function ProjectEvents({ projectId }: { projectId: string }) {
  useProjectEvents(projectId);
  return null;
}
