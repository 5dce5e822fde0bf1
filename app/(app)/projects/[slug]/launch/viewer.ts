import type { LaunchViewer } from "@/components/launch/use-launch";
import type { loadProject } from "../load";

/** The caller's launch permissions as plain booleans, for client components (lib/auth/permissions decides). */
export function launchViewer({ ctx, can }: Awaited<ReturnType<typeof loadProject>>): LaunchViewer {
  return {
    userId: ctx.actor?.type === "user" ? ctx.actor.userId : null,
    canWork: can("checklist.work"),
    canManage: can("launch.manage"),
    canSignoff: can("checklist.signoff"),
    canDecide: can("launch.decide"),
    canOverride: can("launch.override"),
  };
}
