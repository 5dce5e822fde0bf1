"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { Button } from "@/components/ui/button";
import { Alert, EmptyState } from "@/components/ui/card";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { KeyRound } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";
import { SelectField, TextField } from "@/components/ui/field";
import { Badge, StatusPill } from "@/components/ui/status-pill";
import { ApiError } from "@/lib/queries/api";
import { ROLE_OPTIONS, type Role } from "@/lib/queries/members";
import { createToken, fetchTokens, revokeToken, tokenKeys, type TApiToken } from "@/lib/queries/tokens";

const EXPIRY_OPTIONS = [
  ["7", "In 7 days"],
  ["30", "In 30 days"],
  ["90", "In 90 days"],
  ["365", "In a year"],
  ["0", "Never"],
] as const;
const when = (iso: string | null) => (iso ? <RelativeTime iso={iso} /> : "Never");

export function TokensView({ projectId, initial }: { projectId: string; initial: TApiToken[] }) {
  const queryClient = useQueryClient();
  const { data: tokens = initial } = useQuery({ queryKey: tokenKeys.list(projectId), queryFn: () => fetchTokens(projectId), initialData: initial });
  const [secret, setSecret] = useState<TApiToken | null>(null);
  const [confirm, setConfirm] = useState<TApiToken | null>(null);
  const [creating, setCreating] = useState(false);
  // Read once per mount: whether a token has expired is decided by the server anyway, this only labels it.
  const [now] = useState(Date.now);
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries({ queryKey: tokenKeys.list(projectId) });
  const create = useMutation({ mutationFn: (body: { name: string; role: Role; expiresInDays: number | null }) => createToken(projectId, body), onSuccess: (t) => (setSecret(t), setCreating(false), refresh()) });
  const revoke = useMutation({
    mutationFn: (t: TApiToken) => revokeToken(projectId, t.id),
    onSuccess: (_d, t) => (setConfirm(null), toast({ message: `Revoked token ${t.name}.` })),
    onSettled: refresh,
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const fields = error?.fieldErrors() ?? {};

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setSecret(null);
    const days = Number(form.get("expiresInDays"));
    create.mutate({ name: String(form.get("name")), role: String(form.get("role")) as Role, expiresInDays: days > 0 ? days : null });
    e.currentTarget.reset();
  }

  return (
    <div className="min-w-0">
      <section aria-labelledby="tokens-heading" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="tokens-heading" className="text-lg font-semibold">
            Tokens
          </h2>
          <Button onClick={() => (create.reset(), setCreating(true))} aria-haspopup="dialog">
            <KeyRound aria-hidden="true" className="size-4" />
            New token
          </Button>
          <Dialog open={creating} onClose={() => setCreating(false)} title="New token" description="A bearer token for CI or scripts, acting with the role you give it in this project only.">
              <form onSubmit={submit} className="space-y-4" noValidate aria-label="New token">
                <FormError error={error} title="The token was not created" />
                <TextField id="token-name" name="name" label="Name" required placeholder="ci-deploy" description="What uses it, so you know what breaks when you revoke it." error={fields.name} />
                <SelectField id="token-role" name="role" label="Role" defaultValue="viewer" description="A token cannot have a higher role than you." error={fields.role}>
                  {ROLE_OPTIONS.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </SelectField>
                <SelectField id="token-expiry" name="expiresInDays" label="Expires" defaultValue="90" description="After this the token stops working; make a new one then." error={fields.expiresInDays}>
                  {EXPIRY_OPTIONS.map(([days, label]) => (
                    <option key={days} value={days}>
                      {label}
                    </option>
                  ))}
                </SelectField>
                <div className="flex justify-end">
                  <Button type="submit" busy={create.isPending}>
                    Create token
                  </Button>
                </div>
              </form>
          </Dialog>
        </div>
        {secret?.token && (
          <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950">
            <Alert tone="warning" title={`Copy the secret of "${secret.name}" now`}>
              This is the only time T-Minus shows it. Store it in your CI secrets; if you lose it, revoke the token and create a new one.
            </Alert>
            <label htmlFor="token-secret" className="text-sm font-medium">
              Token secret
            </label>
            <input id="token-secret" readOnly value={secret.token} onFocus={(e) => e.currentTarget.select()} className="block w-full rounded-md border border-zinc-400 bg-white px-3 py-2 font-mono text-xs dark:border-zinc-500 dark:bg-zinc-950" />
            <CopyButton value={secret.token} label="Copy token" />
          </div>
        )}

        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet">Press New token to let CI or scripts call the T-Minus API with a project role.</EmptyState>
        ) : (
          <div className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <table className="stack-table w-full text-left text-sm">
              <caption className="sr-only">API tokens of this project</caption>
              <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                <tr>
                  {["Name", "Prefix", "Role", "Last used", "Expires", "Status", "Actions"].map((h) => (
                    <th key={h} scope="col" className="px-4 py-2 font-semibold">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <td data-label="Name" className="px-4 py-2 font-medium">{t.name}</td>
                    <td data-label="Prefix" className="px-4 py-2 font-mono text-xs">{t.prefix}…</td>
                    <td data-label="Role" className="px-4 py-2">
                      <Badge>{t.role}</Badge>
                    </td>
                    <td data-label="Last used" className="px-4 py-2">{when(t.lastUsedAt)}</td>
                    <td data-label="Expires" className="px-4 py-2">{t.expiresAt ? <RelativeTime iso={t.expiresAt} /> : "No expiry"}</td>
                    <td data-label="Status" className="px-4 py-2">
                      {t.revokedAt ? (
                        <StatusPill tone="neutral" label="Revoked" />
                      ) : t.expiresAt && Date.parse(t.expiresAt) <= now ? (
                        <StatusPill tone="neutral" label="Expired" />
                      ) : (
                        <StatusPill tone="success" label="Active" />
                      )}
                    </td>
                    <td data-label="Actions" className="px-4 py-2">
                      {!t.revokedAt && (
                        <Button variant="ghost" onClick={() => (revoke.reset(), setConfirm(t))} aria-label={`Revoke token ${t.name}`}>
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ConfirmDialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={`Revoke token ${confirm?.name ?? ""}?`}
        confirmLabel={`Revoke ${confirm?.name ?? "token"}`}
        onConfirm={() => confirm && revoke.mutate(confirm)}
        busy={revoke.isPending}
        error={revoke.error ? <ErrorText error={revoke.error} fallback="The token was not revoked. Try again." /> : null}
      >
        <p>
          Anything that uses <strong>{confirm?.name}</strong> (<span className="font-mono">{confirm?.prefix}…</span>, role {confirm?.role}) is refused from now on, and tokens it created are revoked with it. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
