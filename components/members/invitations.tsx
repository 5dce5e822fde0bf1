"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { Button } from "@/components/ui/button";
import { Alert, EmptyState } from "@/components/ui/card";
import { ConfirmDialog, DialogButton } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { formatDay } from "@/components/ui/format";
import { useToast } from "@/components/ui/toast";
import { UserPlus } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";
import { SelectField, TextField } from "@/components/ui/field";
import { StatusPill, type Tone } from "@/components/ui/status-pill";
import { ApiError } from "@/lib/queries/api";
import { ROLE_OPTIONS, createInvitation, fetchInvitations, memberKeys, revokeInvitation, type Role, type TInvitation } from "@/lib/queries/members";

export function InviteButton({ projectId }: { projectId: string }) {
  return (
    <DialogButton label="Invite someone" title="Invite someone" description="They join with the link you send them." icon={<UserPlus aria-hidden="true" className="size-4" />}>
      {() => <InviteForm projectId={projectId} />}
    </DialogButton>
  );
}

export function InviteForm({ projectId }: { projectId: string }) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<TInvitation | null>(null);
  const mutation = useMutation({
    mutationFn: (body: { email: string; role: Role }) => createInvitation(projectId, body),
    onSuccess: (invitation) => {
      setCreated(invitation);
      queryClient.invalidateQueries({ queryKey: memberKeys.invitations(projectId) });
    },
  });
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const fields = error?.fieldErrors() ?? {};
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setCreated(null);
    mutation.mutate({ email: String(form.get("email")), role: String(form.get("role")) as Role });
    e.currentTarget.reset();
  }
  return (
    <div>
      <form onSubmit={submit} className="space-y-4" noValidate aria-label="Invite someone">
        <FormError error={error} title="The invitation was not created" />
        <TextField id="invite-email" name="email" type="email" label="Email" required error={fields.email} />
        <SelectField id="invite-role" name="role" label="Role" defaultValue="member" error={fields.role}>
          {ROLE_OPTIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <Button type="submit" busy={mutation.isPending}>
          Create invitation
        </Button>
      </form>
      {created?.acceptUrl && (
        <div className="mt-4 space-y-2">
          <Alert tone="success" title={`Invitation for ${created.email} created`}>
            Send this link to them. It is shown only now and expires on {formatDay(created.expiresAt)}.
          </Alert>
          <label htmlFor="invite-link" className="text-sm font-medium">
            Accept link
          </label>
          <input id="invite-link" readOnly value={created.acceptUrl} onFocus={(e) => e.currentTarget.select()} className="block w-full rounded-md border border-zinc-400 bg-zinc-50 px-3 py-2 font-mono text-xs dark:border-zinc-500 dark:bg-zinc-950" />
          <CopyButton value={created.acceptUrl} label="Copy link" />
        </div>
      )}
    </div>
  );
}

const statusTone: Record<string, Tone> = { pending: "info", accepted: "success", revoked: "neutral", expired: "warning" };

export function InvitationList({ projectId, initial }: { projectId: string; initial: TInvitation[] }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirm, setConfirm] = useState<TInvitation | null>(null);
  const { data: invitations = initial } = useQuery({ queryKey: memberKeys.invitations(projectId), queryFn: () => fetchInvitations(projectId), initialData: initial });
  const revoke = useMutation({
    mutationFn: (i: TInvitation) => revokeInvitation(projectId, i.id),
    onSuccess: (_d, i) => (setConfirm(null), toast({ message: `Revoked the invitation for ${i.email}.` })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: memberKeys.invitations(projectId) }),
  });
  const pending = invitations.filter((i) => i.status === "pending");
  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading" className="mb-3 text-lg font-semibold">
        Pending invitations
      </h2>
      {pending.length === 0 ? (
        <EmptyState title="No pending invitations">Press Invite someone to add a person; they join with the link you send them.</EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {pending.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
              <div className="min-w-0">
                <p className="break-all font-medium">{i.email}</p>
                <p className="flex flex-wrap items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
                  <StatusPill tone={statusTone[i.status] ?? "neutral"} label={i.status} /> as {i.role} · expires <span className="tabular-nums">{formatDay(i.expiresAt)}</span>
                </p>
              </div>
              <Button variant="ghost" onClick={() => (revoke.reset(), setConfirm(i))} aria-label={`Revoke invitation for ${i.email}`}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={`Revoke the invitation for ${confirm?.email ?? ""}?`}
        confirmLabel="Revoke invitation"
        onConfirm={() => confirm && revoke.mutate(confirm)}
        busy={revoke.isPending}
        error={revoke.error ? <ErrorText error={revoke.error} fallback="The invitation was not revoked. Try again." /> : null}
      >
        <p>The link sent to {confirm?.email} stops working at once. You can invite them again later.</p>
      </ConfirmDialog>
    </section>
  );
}
