"use client";

import { X } from "lucide-react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal on the native <dialog>: the page behind is inert, Esc closes, Tab cycles inside, and focus returns to
 * whatever opened it. Children render only while open, so a form inside starts empty every time.
 */
export function Dialog({ open, onClose, title, description, children, wide }: { open: boolean; onClose: () => void; title: string; description?: ReactNode; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) {
      const opener = document.activeElement as HTMLElement | null;
      el.showModal();
      (el.querySelector<HTMLElement>("[data-autofocus], input, select, textarea") ?? el.querySelector<HTMLElement>(FOCUSABLE))?.focus();
      return () => {
        if (el.open) el.close();
        if (opener?.isConnected) opener.focus();
      };
    }
  }, [open]);
  function trapTab(e: React.KeyboardEvent) {
    if (e.key !== "Tab" || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((n) => n.offsetParent !== null);
    const first = items[0];
    const last = items.at(-1);
    const wrapTo = e.shiftKey ? (document.activeElement === first ? last : null) : document.activeElement === last ? first : null;
    if (wrapTo) {
      e.preventDefault();
      wrapTo.focus();
    }
  }
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => (e.preventDefault(), onClose())}
      onKeyDown={trapTab}
      className={`m-auto w-[calc(100%-2rem)] ${wide ? "max-w-2xl" : "max-w-md"} rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      {open && (
        <div className="p-5">
          <div className="mb-4 flex items-start justify-between gap-4">
            <div>
              <h2 id={titleId} className="text-lg font-semibold">
                {title}
              </h2>
              {description && <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</div>}
            </div>
            <button type="button" onClick={onClose} aria-label="Close" className="rounded-md p-1 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
              <X aria-hidden="true" className="size-5" />
            </button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}

/** A button that opens a dialog; the dialog's content gets a close function for its own Cancel or Done. */
export function DialogButton({ label, title, description, icon, variant = "primary", wide, children }: { label: ReactNode; title: string; description?: ReactNode; icon?: ReactNode; variant?: "primary" | "secondary"; wide?: boolean; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)} aria-haspopup="dialog">
        {icon}
        {label}
      </Button>
      <Dialog open={open} onClose={close} title={title} description={description} wide={wide}>
        {children(close)}
      </Dialog>
    </>
  );
}

/** Confirms a destructive action, naming what goes; focus starts on Cancel. */
export function ConfirmDialog({ open, onClose, title, children, confirmLabel, onConfirm, busy, error }: { open: boolean; onClose: () => void; title: string; children: ReactNode; confirmLabel: string; onConfirm: () => void; busy?: boolean; error?: ReactNode }) {
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <div className="space-y-4 text-sm">
        <div>{children}</div>
        {error}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
