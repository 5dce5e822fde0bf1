"use client";

import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { API } from "./api";
import { laterTest, targetKeys, type TConnectionTest, type TTarget } from "./targets";

export const CONNECTION_TEST_EVENT = "connection-test.updated";
type LiveEvent<T> = { id: string; projectId: string; type: string; data: T; createdAt: string };

/**
 * Follows the project's event stream and writes what arrives into the query cache.
 * EventSource reconnects by itself and resends Last-Event-ID, so missed events are replayed by the server.
 */
export function useProjectEvents(projectId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource(`${API}/projects/${projectId}/events`);
    const onTest = (message: MessageEvent<string>) => {
      let event: LiveEvent<TConnectionTest>;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      const test = event.data;
      const merged = queryClient.setQueryData<TConnectionTest>(targetKeys.test(projectId, test.id), (current) => laterTest(current, test));
      queryClient.setQueryData<TTarget[]>(targetKeys.list(projectId), (targets) =>
        targets?.map((t) => (t.id === test.targetId ? { ...t, lastConnectionTest: laterTest(t.lastConnectionTest ?? undefined, merged ?? test) } : t)),
      );
      queryClient.invalidateQueries({ queryKey: targetKeys.list(projectId) });
    };
    source.addEventListener(CONNECTION_TEST_EVENT, onTest as EventListener);
    return () => {
      source.removeEventListener(CONNECTION_TEST_EVENT, onTest as EventListener);
      source.close();
    };
  }, [projectId, queryClient]);
}
