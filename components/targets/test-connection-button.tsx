"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Activity } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { fetchConnectionTest, isFinished, laterTest, requestConnectionTest, targetKeys, type TConnectionTest, type TTarget } from "@/lib/queries/targets";
import { explainConnectionError } from "./explain-error";

/** Focus stays on the button; one live region says how the test ended, and nothing about the states in between. */
export function TestConnectionButton({ projectId, target }: { projectId: string; target: TTarget }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => requestConnectionTest(projectId, target.id),
    onSuccess: (test) => {
      const merged = queryClient.setQueryData<TConnectionTest>(targetKeys.test(projectId, test.id), (current) => laterTest(current, test));
      queryClient.setQueryData<TTarget[]>(targetKeys.list(projectId), (list) => list?.map((t) => (t.id === target.id ? { ...t, lastConnectionTest: merged ?? test } : t)));
    },
  });
  const started = mutation.data;
  const { data: test } = useQuery({
    queryKey: targetKeys.test(projectId, started?.id ?? "none"),
    queryFn: () => fetchConnectionTest(projectId, started!.id),
    enabled: false,
    initialData: started,
  });
  return (
    <div className="flex flex-col items-start gap-1">
      <Button variant="secondary" busy={mutation.isPending} onClick={() => mutation.mutate()} aria-label={`Test connection to ${target.name}`}>
        <Activity aria-hidden="true" className="size-4" />
        Test connection
      </Button>
      {mutation.error && <ErrorText error={mutation.error} fallback="The test could not be started. Try again." />}
      <p role="status" className="sr-only" data-testid={`test-outcome-${target.name}`}>
        {test && isFinished(test) ? outcome(target.name, test) : ""}
      </p>
    </div>
  );
}

function outcome(name: string, test: TConnectionTest) {
  if (test.status === "succeeded") return `Connection test to ${name} succeeded${test.httpStatus ? `: HTTP ${test.httpStatus}` : ""}${test.latencyMs !== null ? ` in ${test.latencyMs} ms` : ""}.`;
  return `Connection test to ${name} failed: ${explainConnectionError(test.error)?.sentence ?? "no reason given"}`;
}
