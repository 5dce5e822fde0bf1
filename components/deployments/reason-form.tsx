"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { TextAreaField } from "@/components/ui/field";
import { ApiError } from "@/lib/queries/api";
import { focusFirstField } from "./dialog-loading";

/** Loaded when its dialog first opens (see reason-dialog.tsx). */
export function ReasonForm({ label, required, placeholder, confirmLabel, danger, onSubmit, onCancel, children }: { label: string; required: boolean; placeholder?: string; confirmLabel: string; danger?: boolean; onSubmit: (reason: string) => Promise<unknown>; onCancel: () => void; children?: ReactNode }) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => focusFirstField(formRef.current), []);
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const text = reason.trim();
    if (required && text.length < 3) {
      setFieldError("Say why, in at least 3 characters: it goes into the audit log.");
      return;
    }
    setFieldError(undefined);
    setError(null);
    setBusy(true);
    try {
      await onSubmit(text);
    } catch (err) {
      const issue = err instanceof ApiError ? err.fieldErrors().reason : undefined;
      if (issue) setFieldError(`Reason ${issue}.`);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4 text-sm">
      {children}
      <TextAreaField id={`${id}-reason`} label={label} required={required} placeholder={placeholder} value={reason} onChange={(e) => setReason(e.target.value)} error={fieldError} maxLength={500} />
      {error !== null && <ErrorText error={error} />}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant={danger ? "danger" : "primary"} busy={busy}>
          {confirmLabel}
        </Button>
      </div>
    </form>
  );
}
