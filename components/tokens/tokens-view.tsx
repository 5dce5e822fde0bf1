"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { Button } from "@/components/ui/button";
import { Alert, Card, EmptyState } from "@/components/ui/card";
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
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "Never");

export function TokensView({ projectId, initial }: { projectId: string; initial: TApiToken[] }) {
  const queryClient = useQueryClient();
  const { data: tokens = initial } = useQuery({ queryKey: tokenKeys.list(projectId), queryFn: () => fetchTokens(projectId), initialData: initial });
  const [secret, setSecret] = useState<TApiToken | null>(null);
  // Read once per mount: whether a token has expired is decided by the server anyway, this only labels it.
  const [now] = useState(Date.now);
  const refresh = () => queryClient.invalidateQueries({ queryKey: tokenKeys.list(projectId) });
  const create = useMutation({ mutationFn: (body: { name: string; role: Role; expiresInDays: number | null }) => createToken(projectId, body), onSuccess: (t) => (setSecret(t), refresh()) });
  const revoke = useMutation({ mutationFn: (id: string) => revokeToken(projectId, id), onSettled: refresh });
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
    <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
      <section aria-labelledby="tokens-heading" className="space-y-4">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          Tokens
        </h2>
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
        {revoke.error && <Alert title="Not revoked">{revoke.error instanceof ApiError ? revoke.error.message : "Try again"}</Alert>}
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet">Create one with the form to let CI or scripts call the T-Minus API with a project role.</EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <table className="w-full text-left text-sm">
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
                    <td className="px-4 py-2 font-medium">{t.name}</td>
                    <td className="px-4 py-2 font-mono text-xs">{t.prefix}…</td>
                    <td className="px-4 py-2">
                      <Badge>{t.role}</Badge>
                    </td>
                    <td className="px-4 py-2">{when(t.lastUsedAt)}</td>
                    <td className="px-4 py-2">{t.expiresAt ? new Date(t.expiresAt).toLocaleString() : "No expiry"}</td>
                    <td className="px-4 py-2">
                      {t.revokedAt ? (
                        <StatusPill tone="neutral" label="Revoked" />
                      ) : t.expiresAt && Date.parse(t.expiresAt) <= now ? (
                        <StatusPill tone="neutral" label="Expired" />
                      ) : (
                        <StatusPill tone="success" label="Active" />
                      )}
                    </td>
                    <td className="px-4 py-2">
                      {!t.revokedAt && (
                        <Button variant="ghost" busy={revoke.isPending && revoke.variables === t.id} onClick={() => revoke.mutate(t.id)} aria-label={`Revoke token ${t.name}`}>
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
      <Card aria-labelledby="new-token-heading" className="h-fit">
        <h2 id="new-token-heading" className="mb-4 text-lg font-semibold">
          New token
        </h2>
        <form onSubmit={submit} className="space-y-4" noValidate>
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
          <Button type="submit" busy={create.isPending}>
            Create token
          </Button>
        </form>
      </Card>
    </div>
  );
}
