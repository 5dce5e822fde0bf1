"use client";

import { lazy, Suspense, type ReactNode } from "react";
import { DialogLoading } from "./dialog-loading";

// The dialog and its form load when one first opens: pages with several dialogs stay within the first-load JS budget.
const Dialog = lazy(() => import("@/components/ui/dialog").then((m) => ({ default: m.Dialog })));
const ReasonForm = lazy(() => import("./reason-form").then((m) => ({ default: m.ReasonForm })));

/**
 * A dialog that asks why before an action (lock, unlock, reject, roll back, cancel). A required reason needs three
 * characters, as the API does; the server's own sentence is shown when it refuses.
 */
export function ReasonDialog({ open, onClose, title, description, children, label = "Reason", required = true, placeholder, confirmLabel, danger, onSubmit }: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  label?: string;
  required?: boolean;
  placeholder?: string;
  confirmLabel: string;
  danger?: boolean;
  onSubmit: (reason: string) => Promise<unknown>;
}) {
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <Dialog open onClose={onClose} title={title} description={description}>
        <Suspense fallback={<DialogLoading />}>
          <ReasonForm label={label} required={required} placeholder={placeholder} confirmLabel={confirmLabel} danger={danger} onSubmit={onSubmit} onCancel={onClose}>
            {children}
          </ReasonForm>
        </Suspense>
      </Dialog>
    </Suspense>
  );
}
