import { Card } from "@/components/ui/card";
import type { TDeployPolicy } from "@/lib/queries/deployments";
import { EditPolicyButton } from "./policy-buttons";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The target's approval policy as sentences (rendered on the server); admins change it in a dialog. */
export function DeployPolicy({ projectId, target, policy, canEdit }: { projectId: string; target: { id: string; name: string }; policy: TDeployPolicy; canEdit: boolean }) {
  const rows: [string, string][] = [
    ["Approvals", policy.approvalsRequired === 0 ? "None needed: deployments start at once." : `${plural(policy.approvalsRequired, "approval")} from ${policy.approverRoles.map((r) => `${r}s`).join(" or ")}; never the requester.`],
    ["Approvals expire", `${policy.approvalExpiryMinutes} minutes after they are given, if the deployment has not started.`],
    ["Queue", policy.queuePolicy === "fifo" ? "First in, first out: every requested deployment runs in turn." : "Newest wins: a new deployment cancels older ones still waiting."],
    ["Health check", policy.verifySeconds === 0 ? "Not verified after deploying." : `Verified for ${policy.verifySeconds} s after deploying.`],
    ["Automatic rollback", policy.autoRollback ? "On: a failed health check rolls back to the last good version and locks the target." : "Off: a failed health check marks the deployment failed and leaves the new version live."],
  ];
  return (
    <Card aria-labelledby="policy-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="policy-heading" className="text-lg font-semibold">
          Approval policy
        </h2>
        {canEdit && <EditPolicyButton projectId={projectId} target={target} policy={policy} />}
      </div>
      <dl className="mt-3 space-y-2 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="grid gap-x-4 sm:grid-cols-[10rem_1fr]">
            <dt className="font-semibold">{k}</dt>
            <dd className="text-zinc-700 dark:text-zinc-300">{v}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
