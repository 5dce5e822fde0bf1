"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { deploymentKeys, updatePolicy, type TDeployPolicy, type TTargetDeployState } from "@/lib/queries/deployments";
import { focusFirstField } from "./dialog-loading";

const ROLES = ["member", "approver", "admin"] as const;

/** Loaded when the policy dialog first opens (see deploy-policy.tsx). */
export function PolicyForm({ projectId, target, policy, onDone }: { projectId: string; target: { id: string; name: string }; policy: TDeployPolicy; onDone: (saved: boolean) => void }) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstField(formRef.current), []);
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
      onDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "unknown", "The policy was not saved. Try again."));
    } finally {
      setBusy(false);
    }
  }
  const toggleRole = (r: (typeof ROLES)[number]) => setV((s) => ({ ...s, approverRoles: s.approverRoles.includes(r) ? s.approverRoles.filter((x) => x !== r) : [...s.approverRoles, r] }));
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
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
        <Button variant="secondary" onClick={() => onDone(false)}>
          Cancel
        </Button>
        <Button type="submit" busy={busy}>
          Save policy
        </Button>
      </div>
    </form>
  );
}
