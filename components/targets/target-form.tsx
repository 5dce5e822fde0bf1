"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { Button } from "@/components/ui/button";
import { Field, SelectField, TextField, controlClass } from "@/components/ui/field";
import { Badge } from "@/components/ui/status-pill";
import { ApiError } from "@/lib/queries/api";
import { createTarget, targetKeys, updateTarget, type TTarget } from "@/lib/queries/targets";
import { ENVIRONMENTS, PROVIDER_KINDS, type ProviderKindName } from "./provider-catalog";
import { PROVIDER_LABELS, fieldLabel, secretKeysOf, settingsFields } from "./provider-fields";

/** Create or edit a target. Secrets are write-only: the form shows which exist, never their values. */
export function TargetForm({ projectId, target, onDone, onCancel }: { projectId: string; target?: TTarget; onDone?: () => void; onCancel?: () => void }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ProviderKindName>(target?.providerKind ?? "none");
  const prefix = target ? `edit-${target.id}` : "new-target";
  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) => (target ? updateTarget(projectId, target.id, body) : createTarget(projectId, body)),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: targetKeys.list(projectId) });
      onDone?.();
    },
  });
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const fields = error?.fieldErrors() ?? {};
  const id = (path: string) => `${prefix}-${path.replace(/\./g, "-")}`;
  const stored = new Set(target && target.providerKind === kind ? target.secretKeys : []);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const providerSettings: Record<string, string> = {};
    for (const { key } of settingsFields(kind)) if (text(`settings.${key}`)) providerSettings[key] = text(`settings.${key}`);
    const secrets: Record<string, string | null> = {};
    for (const key of secretKeysOf(kind)) {
      const value = String(form.get(`secrets.${key}`) ?? "");
      if (value) secrets[key] = value;
      else if (form.get(`remove.${key}`)) secrets[key] = null;
    }
    const body = { name: text("name"), environment: text("environment"), baseUrl: text("baseUrl"), healthPath: text("healthPath") || "/health", providerKind: kind, providerSettings, secrets };
    mutation.mutate(body);
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label={target ? `Edit ${target.name}` : "Add a target"}>
      <FormError error={error} title={target ? "The target was not saved" : "The target was not added"} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id={id("name")} name="name" label="Name" required defaultValue={target?.name} placeholder="production" error={fields.name} />
        <SelectField id={id("environment")} name="environment" label="Environment" required defaultValue={target?.environment ?? "production"} error={fields.environment}>
          {ENVIRONMENTS.map((env) => (
            <option key={env} value={env}>
              {env}
            </option>
          ))}
        </SelectField>
        <TextField id={id("baseUrl")} name="baseUrl" type="url" label="Base URL" required defaultValue={target?.baseUrl} className="[&_input]:font-mono" placeholder="https://example.com" error={fields.baseUrl} />
        <TextField id={id("healthPath")} name="healthPath" label="Health path" defaultValue={target?.healthPath ?? "/health"} description="Probed by Test connection, relative to the base URL." error={fields.healthPath} />
      </div>
      <fieldset className="space-y-4 rounded-md border border-zinc-200 p-4 dark:border-zinc-700">
        <legend className="px-1 text-sm font-semibold">Deploy provider</legend>
        <SelectField id={id("providerKind")} name="providerKind" label="Provider" value={kind} onChange={(e) => setKind(e.target.value as ProviderKindName)} error={fields.providerKind}>
          {PROVIDER_KINDS.map((k) => (
            <option key={k} value={k}>
              {PROVIDER_LABELS[k]}
            </option>
          ))}
        </SelectField>
        {kind === "none" && <p className="text-sm text-zinc-600 dark:text-zinc-400">Health checks only: T-Minus probes this target but does not deploy to it.</p>}
        <div key={kind} className="grid gap-4 sm:grid-cols-2">
          {settingsFields(kind).map(({ key, required }) => (
            <TextField
              key={key}
              id={id(`providerSettings.${key}`)}
              name={`settings.${key}`}
              label={fieldLabel(key)}
              required={required}
              defaultValue={String((target?.providerKind === kind && target.providerSettings[key]) || "")}
              error={fields[`providerSettings.${key}`]}
            />
          ))}
          {secretKeysOf(kind).map((key) => (
            <SecretField key={key} id={id(`secrets.${key}`)} name={key} stored={stored.has(key)} error={fields[`secrets.${key}`]} />
          ))}
        </div>
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" busy={mutation.isPending}>
          {target ? "Save changes" : "Add target"}
        </Button>
        {(onCancel ?? (target && onDone)) && (
          <Button variant="ghost" onClick={onCancel ?? onDone}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

function SecretField({ id, name, stored, error }: { id: string; name: string; stored: boolean; error?: string }) {
  const multiline = name === "sshPrivateKey";
  const description = stored ? "A value is stored. Type a new one to replace it, or leave empty to keep it." : "Write-only: saved encrypted and never shown again.";
  return (
    <div className="space-y-2">
      <Field id={id} label={fieldLabel(name)} description={description} error={error} badge={stored ? <Badge tone="success">stored</Badge> : undefined}>
        {(a11y) =>
          multiline ? (
            <textarea {...a11y} name={`secrets.${name}`} rows={3} autoComplete="off" spellCheck={false} className={`${controlClass} font-mono`} />
          ) : (
            <input {...a11y} type="password" name={`secrets.${name}`} autoComplete="new-password" className={controlClass} />
          )
        }
      </Field>
      {stored && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name={`remove.${name}`} className="size-4" /> Remove the stored {fieldLabel(name).toLowerCase()}
        </label>
      )}
    </div>
  );
}
