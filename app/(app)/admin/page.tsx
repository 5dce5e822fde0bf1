import { forbidden, redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { InstanceSettingsForm } from "@/components/admin/instance-settings-form";
import { sessionActor } from "@/lib/auth/session";
import { getInstanceSettings } from "@/lib/settings/instance";
import { DeadLetters } from "@/components/admin/dead-letters";
import { listDeadLetters } from "@/lib/jobs/dead-letters";
import { InstanceActivity } from "@/components/admin/instance-activity";
import { listInstanceAudit } from "@/lib/audit/instance";
import { ProjectHealth } from "@/components/admin/project-health";
import { instanceOverview } from "@/lib/monitoring/overview";

export const metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

/** Instance administration: every project's health, settings, jobs that never reached the queue, and the instance's own activity. */
export default async function AdminPage() {
  const actor = await sessionActor();
  if (!actor) redirect("/signin?callbackUrl=/admin");
  if (!actor.isInstanceAdmin) forbidden();
  const ctx = { actor };
  const [health, settings, deadLetters, activity] = await Promise.all([
    instanceOverview({ ctx }),
    getInstanceSettings({ ctx }),
    listDeadLetters({ ctx }),
    listInstanceAudit({ ctx, input: { query: { limit: "30" } } }),
  ]);
  return (
    <>
      <PageHeader title="Admin" description="Settings for this whole T-Minus instance. Only instance admins see this page." />
      <div className="space-y-8">
        <ProjectHealth rows={health} />
        <InstanceSettingsForm initial={settings} />
        <DeadLetters items={deadLetters} />
        <InstanceActivity items={activity.items} />
      </div>
    </>
  );
}
