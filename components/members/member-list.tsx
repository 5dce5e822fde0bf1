"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, UserMinus } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { controlClass } from "@/components/ui/field";
import { Badge } from "@/components/ui/status-pill";
import { useToast } from "@/components/ui/toast";
import { ROLE_OPTIONS, fetchMembers, memberKeys, removeMember, updateMemberRole, type Role, type TMember } from "@/lib/queries/members";

export function MemberList({ projectId, initial, canManage, currentUserId }: { projectId: string; initial: TMember[]; canManage: boolean; currentUserId: string }) {
  const { data: members = initial } = useQuery({ queryKey: memberKeys.list(projectId), queryFn: () => fetchMembers(projectId), initialData: initial });
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" className="mb-3 text-lg font-semibold tabular-nums">
        Members ({members.length})
      </h2>
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {members.map((m) => (
          <MemberRow key={m.userId} projectId={projectId} member={m} canManage={canManage} isSelf={m.userId === currentUserId} />
        ))}
      </ul>
    </section>
  );
}

/** A role changes someone's access: it is chosen, then saved by an explicit action, announced and undoable. */
function MemberRow({ projectId, member, canManage, isSelf }: { projectId: string; member: TMember; canManage: boolean; isSelf: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<Role>(member.role);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: memberKeys.list(projectId) });
  const role = useMutation({
    mutationFn: ({ to }: { to: Role; from: Role; undo?: boolean }) => updateMemberRole(projectId, member.userId, to),
    onSuccess: (_data, { to, from, undo }) => {
      setDraft(to);
      queryClient.setQueryData<TMember[]>(memberKeys.list(projectId), (list) => list?.map((m) => (m.userId === member.userId ? { ...m, role: to } : m)));
      // The Save button goes away with the change; focus returns to the select it belongs to.
      select.current?.focus();
      toast({
        message: undo ? `${member.name} is back to ${to}.` : `${member.name} is now ${to} (was ${from}).`,
        action: undo ? undefined : { label: "Undo", run: () => role.mutate({ to: from, from: to, undo: true }) },
      });
    },
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => removeMember(projectId, member.userId),
    onSuccess: () => (setConfirming(false), toast({ message: `${member.name} was removed from the project.` }), refresh()),
  });
  const select = useRef<HTMLSelectElement>(null);
  const selectId = `role-${member.userId}`;
  const changed = draft !== member.role;
  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <p className="font-medium">
          {member.name} {isSelf && <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">(you)</span>}
        </p>
        <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">{member.email}</p>
        {role.error && <ErrorText error={role.error} fallback="The role was not changed. Try again." className="mt-1" />}
      </div>
      {canManage ? (
        <div className="flex shrink-0 flex-wrap items-center gap-2 sm:flex-nowrap">
          <label htmlFor={selectId} className="sr-only">
            Role of {member.name}
          </label>
          <select ref={select} id={selectId} value={draft} onChange={(e) => setDraft(e.target.value as Role)} className={`${controlClass} w-auto`}>
            {ROLE_OPTIONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          {changed && (
            <>
              <Button busy={role.isPending} onClick={() => role.mutate({ to: draft, from: member.role })} aria-label={`Save role of ${member.name}`}>
                <Check aria-hidden="true" className="size-4" />
                Save
              </Button>
              <Button variant="ghost" onClick={() => setDraft(member.role)}>
                Cancel
              </Button>
            </>
          )}
          <Button variant="ghost" onClick={() => setConfirming(true)} aria-label={`Remove ${member.name}`}>
            <UserMinus aria-hidden="true" className="size-4" />
            Remove
          </Button>
          <ConfirmDialog
            open={confirming}
            onClose={() => setConfirming(false)}
            title={`Remove ${member.name}?`}
            confirmLabel={`Remove ${member.name}`}
            onConfirm={() => remove.mutate()}
            busy={remove.isPending}
            error={remove.error ? <ErrorText error={remove.error} fallback="The member was not removed. Try again." /> : null}
          >
            <p>
              {member.name} ({member.email}) loses access to this project at once, and their pending invitations are revoked. You can invite them again later.
            </p>
          </ConfirmDialog>
        </div>
      ) : (
        <Badge>{member.role}</Badge>
      )}
    </li>
  );
}
