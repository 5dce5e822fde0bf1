"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useEffect, useRef } from "react";
import { EmptyState } from "@/components/ui/card";
import { DialogButton } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { fetchTargets, targetKeys, type TTarget } from "@/lib/queries/targets";
import { TargetCard } from "./target-card";
import { TargetForm } from "./target-form";

export function TargetsView({ projectId, projectSlug, initial, canEdit, canTest }: { projectId: string; projectSlug: string; initial: TTarget[]; canEdit: boolean; canTest: boolean }) {
  const { data: targets = initial } = useQuery({ queryKey: targetKeys.list(projectId), queryFn: () => fetchTargets(projectId), initialData: initial });
  const toast = useToast();
  const heading = useRef<HTMLHeadingElement>(null);
  const focusHeading = useRef(false);
  // A deleted card takes its focused button with it: focus moves to the list's heading and the outcome is announced.
  const onDeleted = (name: string) => {
    focusHeading.current = true;
    toast({ message: `Deleted target ${name}.` });
  };
  // Runs after the commit that removed the card, whose confirm dialog (modal, keeping the page inert) has closed by then.
  useEffect(() => {
    if (!focusHeading.current) return;
    focusHeading.current = false;
    heading.current?.focus();
  }, [targets]);
  return (
    <section aria-labelledby="targets-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="targets-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold tabular-nums">
          {targets.length} {targets.length === 1 ? "target" : "targets"}
        </h2>
        {canEdit && (
          <DialogButton label="New target" title="Add a target" description="Give it a name and the base URL where it runs; test the connection afterwards." icon={<Plus aria-hidden="true" className="size-4" />} wide>
            {(close) => <TargetForm projectId={projectId} onDone={close} onCancel={close} />}
          </DialogButton>
        )}
      </div>
      {targets.length === 0 ? (
        <EmptyState title="No targets yet">
          {canEdit
            ? "Press New target to add the first environment: give it a name and the base URL where it runs, then test the connection."
            : "A project admin adds the environments (staging, production) that T-Minus checks and deploys to."}
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {targets.map((t) => (
            <TargetCard key={t.id} projectId={projectId} target={t} href={`/projects/${projectSlug}/targets/${t.id}`} canEdit={canEdit} canTest={canTest} onDeleted={onDeleted} />
          ))}
        </ul>
      )}
    </section>
  );
}
