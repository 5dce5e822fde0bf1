"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Card, EmptyState } from "@/components/ui/card";
import { fetchTargets, targetKeys, type TTarget } from "@/lib/queries/targets";
import { TargetCard } from "./target-card";
import { TargetForm } from "./target-form";

export function TargetsView({ projectId, initial, canEdit, canTest }: { projectId: string; initial: TTarget[]; canEdit: boolean; canTest: boolean }) {
  const { data: targets = initial } = useQuery({ queryKey: targetKeys.list(projectId), queryFn: () => fetchTargets(projectId), initialData: initial });
  const [formKey, setFormKey] = useState(0);
  return (
    <div className="space-y-8">
      <section aria-labelledby="targets-heading">
        <h2 id="targets-heading" className="sr-only">
          Targets
        </h2>
        {targets.length === 0 ? (
          <EmptyState title="No targets yet">
            {canEdit
              ? "Add the first environment below: give it a name and the base URL where it runs, then test the connection."
              : "A project admin adds the environments (staging, production) that T-Minus checks and deploys to."}
          </EmptyState>
        ) : (
          <ul className="space-y-4">
            {targets.map((t) => (
              <TargetCard key={t.id} projectId={projectId} target={t} canEdit={canEdit} canTest={canTest} />
            ))}
          </ul>
        )}
      </section>
      {canEdit && (
        <Card aria-labelledby="add-target-heading">
          <h2 id="add-target-heading" className="mb-4 text-lg font-semibold">
            Add a target
          </h2>
          <TargetForm key={formKey} projectId={projectId} onDone={() => setFormKey((k) => k + 1)} />
        </Card>
      )}
    </div>
  );
}
