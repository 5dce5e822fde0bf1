"use client";

import { QueryClient, QueryClientProvider, isServer } from "@tanstack/react-query";
import { useLayoutEffect, useState, type ReactNode } from "react";
import { storedDark } from "./shell/theme-toggle";
import { ApiError } from "@/lib/queries/api";
import { ToastProvider } from "./ui/toast";

/** The one QueryClient factory: every client query and mutation shares these defaults. */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not get better by asking again.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

let browserClient: QueryClient | undefined;
function getQueryClient() {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(getQueryClient);
  // A 403/404 rendered in place of a page makes React rebuild <html>, dropping the class the inline script set.
  useLayoutEffect(() => {
    document.documentElement.classList.toggle("dark", storedDark());
  }, []);
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>
  );
}
