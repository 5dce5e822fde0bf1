import { CircleAlert } from "lucide-react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

export const controlClass =
  "block w-full rounded-md border border-zinc-400 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-500 aria-[invalid=true]:border-red-700 dark:border-zinc-500 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400 dark:aria-[invalid=true]:border-red-400";

type FieldProps = { id: string; label: ReactNode; description?: ReactNode; error?: string; required?: boolean; badge?: ReactNode; className?: string };

/** Label, description and error wired to the control through ids, so screen readers announce all three. */
export function Field({ id, label, description, error, required, badge, className = "", children }: FieldProps & { children: (a11y: ControlA11y) => ReactNode }) {
  const describedBy = [description ? `${id}-desc` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`space-y-1.5 ${className}`}>
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
          {required && <span aria-hidden="true" className="text-red-700 dark:text-red-400"> *</span>}
        </label>
        {badge}
      </div>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined, required })}
      {description && (
        <p id={`${id}-desc`} className="text-xs text-zinc-600 dark:text-zinc-400">
          {description}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="flex items-center gap-1 text-sm font-medium text-red-700 dark:text-red-400">
          <CircleAlert aria-hidden="true" className="size-4 shrink-0" />
          {error}
        </p>
      )}
    </div>
  );
}

type ControlA11y = { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean; required?: boolean };

export function TextField({ label, description, error, badge, className, ...input }: Omit<FieldProps, "id"> & { id: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field id={input.id} label={label} description={description} error={error} required={input.required} badge={badge} className={className}>
      {(a11y) => <input type="text" {...input} {...a11y} className={controlClass} />}
    </Field>
  );
}

export function SelectField({ label, description, error, className, children, ...select }: Omit<FieldProps, "id"> & { id: string } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field id={select.id} label={label} description={description} error={error} required={select.required} className={className}>
      {(a11y) => (
        <select {...select} {...a11y} className={controlClass}>
          {children}
        </select>
      )}
    </Field>
  );
}

export function TextAreaField({ label, description, error, badge, className, ...area }: Omit<FieldProps, "id"> & { id: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field id={area.id} label={label} description={description} error={error} required={area.required} badge={badge} className={className}>
      {(a11y) => <textarea rows={3} {...area} {...a11y} className={controlClass} />}
    </Field>
  );
}
