"use client";

import { CircleCheck, CircleAlert, X } from "lucide-react";
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";

type Toast = { id: number; message: string; tone?: "success" | "danger"; action?: { label: string; run: () => void } };
const ToastContext = createContext<(t: Omit<Toast, "id">) => void>(() => {});

/** Outcomes of actions, announced once through one polite live region; an action (Undo) stays a real button. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<Toast | null>(null);
  const show = useCallback((t: Omit<Toast, "id">) => setToast({ ...t, id: Date.now() }), []);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast((cur) => (cur?.id === toast.id ? null : cur)), toast.action ? 15_000 : 8_000);
    return () => clearTimeout(timer);
  }, [toast]);
  const Icon = toast?.tone === "danger" ? CircleAlert : CircleCheck;
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4 sm:justify-end">
        {toast && (
          <div key={toast.id} data-testid="toast" className="pointer-events-auto flex max-w-md items-center gap-3 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
            <Icon aria-hidden="true" className={`size-5 shrink-0 ${toast.tone === "danger" ? "text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`} />
            <span>{toast.message}</span>
            {toast.action && (
              <button
                type="button"
                onClick={() => (toast.action?.run(), setToast(null))}
                className="rounded-md px-2 py-1 font-semibold text-indigo-700 hover:bg-zinc-100 dark:text-indigo-300 dark:hover:bg-zinc-800"
              >
                {toast.action.label}
              </button>
            )}
            <button type="button" onClick={() => setToast(null)} aria-label="Dismiss" className="rounded-md p-1 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
              <X aria-hidden="true" className="size-4" />
            </button>
          </div>
        )}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
