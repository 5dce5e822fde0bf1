"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/queries/api";
import { laterTest, requestConnectionTest, targetKeys, type TConnectionTest, type TTarget } from "@/lib/queries/targets";

export function TestConnectionButton({ projectId, target }: { projectId: string; target: TTarget }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => requestConnectionTest(projectId, target.id),
    onSuccess: (test) => {
      const merged = queryClient.setQueryData<TConnectionTest>(targetKeys.test(projectId, test.id), (current) => laterTest(current, test));
      queryClient.setQueryData<TTarget[]>(targetKeys.list(projectId), (list) => list?.map((t) => (t.id === target.id ? { ...t, lastConnectionTest: merged ?? test } : t)));
    },
  });
  return (
    <div className="flex flex-col items-start gap-1">
      <Button variant="secondary" busy={mutation.isPending} onClick={() => mutation.mutate()} aria-label={`Test connection to ${target.name}`}>
        Test connection
      </Button>
      {mutation.error && (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
          {mutation.error instanceof ApiError ? mutation.error.message : "The test could not be started"}
        </p>
      )}
    </div>
  );
}
