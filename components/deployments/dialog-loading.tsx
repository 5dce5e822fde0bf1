import { Spinner } from "@/components/ui/button";

/** What a dialog shows for the moment its lazily loaded form is on its way. */
export function DialogLoading() {
  return (
    <p className="flex items-center gap-2 py-4 text-sm text-zinc-600 dark:text-zinc-400">
      <Spinner />
      Loading…
    </p>
  );
}

/**
 * A lazily loaded form arrives after its dialog moved focus to the Close button: move it to the form's first field,
 * as the dialog would have done had the form been there.
 */
export function focusFirstField(form: HTMLFormElement | null) {
  if (!form || form.contains(document.activeElement)) return;
  form.querySelector<HTMLElement>("[data-autofocus], input, select, textarea")?.focus();
}
