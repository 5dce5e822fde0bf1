"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import { Badge } from "@/components/ui/status-pill";
import { ApiError } from "@/lib/queries/api";
import { ROLE_OPTIONS, fetchMembers, memberKeys, removeMember, updateMemberRole, type Role, type TMember } from "@/lib/queries/members";

export function MemberList({ projectId, initial, canManage, currentUserId }: { projectId: string; initial: TMember[]; canManage: boolean; currentUserId: string }) {
  const { data: members = initial } = useQuery({ queryKey: memberKeys.list(projectId), queryFn: () => fetchMembers(projectId), initialData: initial });
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" className="mb-3 text-lg font-semibold">
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

function MemberRow({ projectId, member, canManage, isSelf }: { projectId: string; member: TMember; canManage: boolean; isSelf: boolean }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: memberKeys.list(projectId) });
  const role = useMutation({ mutationFn: (r: Role) => updateMemberRole(projectId, member.userId, r), onSettled: refresh });
  const remove = useMutation({ mutationFn: () => removeMember(projectId, member.userId), onSuccess: refresh });
  const error = role.error ?? remove.error;
  const selectId = `role-${member.userId}`;
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 p-4">
      <div>
        <p className="font-medium">
          {member.name} {isSelf && <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">(you)</span>}
        </p>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{member.email}</p>
        {error && (
          <p role="alert" className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
            {error instanceof ApiError ? error.message : "The change was not saved"}
          </p>
        )}
      </div>
      {canManage ? (
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={selectId} className="sr-only">
            Role of {member.name}
          </label>
          <select id={selectId} value={member.role} disabled={role.isPending} onChange={(e) => role.mutate(e.target.value as Role)} className={`${controlClass} w-auto`}>
            {ROLE_OPTIONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          {confirming ? (
            <>
              <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>
                Remove {member.name}
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="ghost" onClick={() => setConfirming(true)} aria-label={`Remove ${member.name}`}>
              Remove
            </Button>
          )}
        </div>
      ) : (
        <Badge>{member.role}</Badge>
      )}
    </li>
  );
}
