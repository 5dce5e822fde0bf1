"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Rocket } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { ChangeCounts, ChangeGroups } from "@/components/releases/release-changes";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { isProduction } from "@/components/ui/environment-badge";
import { TechnicalDetails, explainError } from "@/components/ui/error-text";
import { SelectField, TextAreaField } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/queries/api";
import { deploymentKeys, newIdempotencyKey, requestDeployment, type DeployBody } from "@/lib/queries/deployments";
import type { TRelease } from "@/lib/queries/releases";
import { focusFirstField } from "./dialog-loading";

type Target = { id: string; name: string; environment: string };

/** Loaded when the deploy dialog first opens (see deploy-dialog.tsx). A new idempotency key goes with every click. */
export function DeployForm({ projectId, projectSlug, target, releases, liveVersion, canOverride, approvalsRequired, onClose }: { projectId: string; projectSlug: string; target: Target; releases: TRelease[]; liveVersion: string | null; canOverride: boolean; approvalsRequired: number; onClose: () => void }) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstField(formRef.current), []);
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [releaseId, setReleaseId] = useState(releases[0]?.id ?? "");
  const [reason, setReason] = useState("");
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState("");
  const [bypass, setBypass] = useState(false);
  const [bypassReason, setBypassReason] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const release = releases.find((r) => r.id === releaseId);

  if (!releases.length) {
    return (
      <div className="space-y-4 text-sm">
        <p>This project has no releases yet. Create one on the Releases page (or let CI post one), then deploy it here.</p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          <Button onClick={() => router.push(`/projects/${projectSlug}/releases`)}>Go to Releases</Button>
        </div>
      </div>
    );
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (override && overrideReason.trim().length < 3) errs["override.reason"] = "Say why you override the lock, freeze or launch gate, in at least 3 characters.";
    if (bypass && bypassReason.trim().length < 3) errs["emergencyBypass.reason"] = "Say why this cannot wait for approval, in at least 3 characters.";
    setFieldErrors(errs);
    setError(null);
    if (Object.keys(errs).length) return;
    const body: DeployBody = { targetId: target.id, release: releaseId, idempotencyKey: newIdempotencyKey() };
    if (reason.trim()) body.reason = reason.trim();
    if (override) body.override = { reason: overrideReason.trim() };
    if (bypass) body.emergencyBypass = { reason: bypassReason.trim() };
    setBusy(true);
    try {
      const d = await requestDeployment(projectId, body);
      toast({ message: `Deployment #${d.number} of ${d.release.version} to ${target.name} requested${d.status === "awaiting_approval" ? "; it waits for approval" : ""}.` });
      void queryClient.invalidateQueries({ queryKey: deploymentKeys.all(projectId) });
      void queryClient.invalidateQueries({ queryKey: deploymentKeys.targetState(projectId, target.id) });
      onClose();
      router.push(`/projects/${projectSlug}/deployments/${d.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.issues.length) setFieldErrors(err.fieldErrors());
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  // A closed gate (409) is a sentence to show as it is; other errors go through the shared explanations.
  const gate = error instanceof ApiError && error.status === 409;
  const gateIds = gate ? (error as ApiError).issues.map((i) => i.rule) : [];
  const explained = error && !gate ? explainError(error, "The deployment was not requested. Try again.") : null;
  const prod = isProduction(target.environment);

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
      <SelectField id={`${id}-release`} label="Release" value={releaseId} onChange={(e) => setReleaseId(e.target.value)} error={fieldErrors.release} description="Newest first.">
        {releases.map((r) => (
          <option key={r.id} value={r.id}>
            {r.version}
            {r.title ? ` — ${r.title}` : ""}
            {r.version === liveVersion ? " (live now)" : ""}
          </option>
        ))}
      </SelectField>
      {release && (
        <div className="max-h-56 space-y-2 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-700 dark:bg-zinc-950" aria-label={`Changes in ${release.version}`} role="region" tabIndex={0}>
          <p className="text-sm">
            <span className="font-mono font-semibold">{release.version}</span>
            {release.title && ` · ${release.title}`} · released <RelativeTime iso={release.createdAt} />
          </p>
          <ChangeCounts changes={release.changes} />
          <ChangeGroups changes={release.changes} />
        </div>
      )}
      <TextAreaField id={`${id}-reason`} label="Reason (optional)" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={fieldErrors.reason} maxLength={500} placeholder="Ships the checkout fix for the launch email" />
      {canOverride && (
        <fieldset className="space-y-3 rounded-md border border-amber-300 p-3 dark:border-amber-800">
          <legend className="px-1 text-sm font-semibold">Admin overrides</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} className="mt-0.5 size-4 accent-amber-700" />
            <span>
              <span className="font-medium">Override lock, freeze or no-go launch</span>
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">Deploy even if the target is locked, a freeze window is open or the launch checklist says no-go. Audited and notified.</span>
            </span>
          </label>
          {override && <TextAreaField id={`${id}-override`} label="Why override?" required rows={2} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} error={fieldErrors["override.reason"]} maxLength={500} />}
          {approvalsRequired > 0 && (
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" checked={bypass} onChange={(e) => setBypass(e.target.checked)} className="mt-0.5 size-4 accent-amber-700" />
              <span>
                <span className="font-medium">Emergency bypass of approvals</span>
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">Skip the {approvalsRequired} required approval{approvalsRequired === 1 ? "" : "s"}. The deployment is marked, audited and notified.</span>
              </span>
            </label>
          )}
          {bypass && <TextAreaField id={`${id}-bypass`} label="Why can this not wait for approval?" required rows={2} value={bypassReason} onChange={(e) => setBypassReason(e.target.value)} error={fieldErrors["emergencyBypass.reason"]} maxLength={500} />}
        </fieldset>
      )}
      {gate && (
        <Alert title="Not deployed: a gate is closed">
          <p data-testid="gate-sentence">{error!.message}</p>
          {canOverride && gateIds.some((g) => g === "lock" || g === "freeze") && <p className="mt-1">To deploy anyway, tick Override lock/freeze and say why.</p>}
          <TechnicalDetails code={(error as ApiError).code} requestId={(error as ApiError).requestId} />
        </Alert>
      )}
      {explained && (
        <Alert title="Not deployed">
          {error instanceof ApiError && error.status === 422 && error.issues.length ? "Check the fields marked above." : explained.sentence}
          <TechnicalDetails code={explained.code} detail={explained.detail} requestId={error instanceof ApiError ? error.requestId : undefined} />
        </Alert>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" busy={busy} variant={prod ? "production" : "primary"}>
          <Rocket aria-hidden="true" className="size-4" />
          Deploy {release?.version ?? ""} to {target.name}
        </Button>
      </div>
    </form>
  );
}
