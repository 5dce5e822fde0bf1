"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Settings2 } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { deploymentKeys, updatePolicy, type TDeployPolicy, type TTargetDeployState } from "@/lib/queries/deployments";

const ROLES = ["member", "approver", "admin"] as const;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The target's approval policy as sentences; admins change it in a dialog. */
export function DeployPolicy({ projectId, target, policy, canEdit }: { projectId: string; target: { id: string; name: string }; policy: TDeployPolicy; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
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
        {canEdit && (
          <Button variant="secondary" onClick={() => setEditing(true)} aria-haspopup="dialog">
            <Settings2 aria-hidden="true" className="size-4" />
            Edit policy
          </Button>
        )}
      </div>
      <dl className="mt-3 space-y-2 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="grid gap-x-4 sm:grid-cols-[10rem_1fr]">
            <dt className="font-semibold">{k}</dt>
            <dd className="text-zinc-700 dark:text-zinc-300">{v}</dd>
          </div>
        ))}
      </dl>
      <Dialog open={editing} onClose={() => setEditing(false)} title={`Approval policy of ${target.name}`} description="Changing it voids approvals already given for deployments that have not started." wide>
        <PolicyForm projectId={projectId} target={target} policy={policy} onDone={() => setEditing(false)} />
      </Dialog>
    </Card>
  );
}

function PolicyForm({ projectId, target, policy, onDone }: { projectId: string; target: { id: string; name: string }; policy: TDeployPolicy; onDone: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [v, setV] = useState({ ...policy, approvalsRequired: String(policy.approvalsRequired), approvalExpiryMinutes: String(policy.approvalExpiryMinutes), verifySeconds: String(policy.verifySeconds) });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const errs = error?.fieldErrors() ?? {};
  const sentence = (k: string) => (errs[k] ? `${errs[k][0].toUpperCase()}${errs[k].slice(1)}.` : undefined);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Partial<TDeployPolicy> = {
        approvalsRequired: Number(v.approvalsRequired),
        approverRoles: v.approverRoles,
        approvalExpiryMinutes: Number(v.approvalExpiryMinutes),
        queuePolicy: v.queuePolicy,
        verifySeconds: Number(v.verifySeconds),
        autoRollback: v.autoRollback,
      };
      const state = await updatePolicy(projectId, target.id, body);
      queryClient.setQueryData<TTargetDeployState>(deploymentKeys.targetState(projectId, target.id), state);
      toast({ message: `Saved the approval policy of ${target.name}.` });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "unknown", "The policy was not saved. Try again."));
    } finally {
      setBusy(false);
    }
  }
  const toggleRole = (r: (typeof ROLES)[number]) => setV((s) => ({ ...s, approverRoles: s.approverRoles.includes(r) ? s.approverRoles.filter((x) => x !== r) : [...s.approverRoles, r] }));
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError error={error} title="The policy was not saved" />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id={`${id}-required`} type="number" inputMode="numeric" min={0} max={5} label="Approvals required" value={v.approvalsRequired} onChange={(e) => setV({ ...v, approvalsRequired: e.target.value })} error={sentence("approvalsRequired")} description="0 to 5; 0 means no approval." />
        <TextField id={`${id}-expiry`} type="number" inputMode="numeric" min={5} max={1440} label="Approvals expire after (minutes)" value={v.approvalExpiryMinutes} onChange={(e) => setV({ ...v, approvalExpiryMinutes: e.target.value })} error={sentence("approvalExpiryMinutes")} description="5 to 1440." />
      </div>
      <fieldset>
        <legend className="text-sm font-medium">Who may approve</legend>
        <div className="mt-1.5 flex flex-wrap gap-3">
          {ROLES.map((r) => (
            <label key={r} className="inline-flex items-center gap-2 text-sm">
              <input type="checkbox" checked={v.approverRoles.includes(r)} onChange={() => toggleRole(r)} className="size-4" />
              {r}s
            </label>
          ))}
        </div>
        {sentence("approverRoles") && <p className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">Approver roles: {errs.approverRoles}.</p>}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id={`${id}-queue`} label="Queue policy" value={v.queuePolicy} onChange={(e) => setV({ ...v, queuePolicy: e.target.value as TDeployPolicy["queuePolicy"] })}>
          <option value="fifo">First in, first out</option>
          <option value="newest_wins">Newest wins (cancels older waiting ones)</option>
        </SelectField>
        <TextField id={`${id}-verify`} type="number" inputMode="numeric" min={0} max={600} label="Verify health for (seconds)" value={v.verifySeconds} onChange={(e) => setV({ ...v, verifySeconds: e.target.value })} error={sentence("verifySeconds")} description="0 to 600; 0 skips verification." />
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" checked={v.autoRollback} onChange={(e) => setV({ ...v, autoRollback: e.target.checked })} className="mt-0.5 size-4" />
        <span>
          <span className="font-medium">Roll back automatically</span>
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">When verification fails, put the last good version back and lock the target.</span>
        </span>
      </label>
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" busy={busy}>
          Save policy
        </Button>
      </div>
    </form>
  );
}
