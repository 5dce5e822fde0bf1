"use client";

import { CircleAlert, LoaderCircle } from "lucide-react";
import { useActionState, useEffect, useRef } from "react";
import { controlClass } from "@/components/ui/field";
import { EMPTY_FORM_STATE, type FeedbackFormState } from "./form-state";

type Props = {
  action: (state: FeedbackFormState, form: FormData) => Promise<FeedbackFormState>;
  types: { value: string; label: string; hint: string }[];
  idempotencyKey: string;
  pageUrl: string | null;
  limits: { title: number; details: number; email: number };
};

const FIELD_ORDER = ["type", "title", "details", "email"] as const;

/**
 * A plain form posted to a server action: it works before (or without) JavaScript, and comes back with each error
 * beside its field and what was typed kept. With JavaScript, focus moves to the list of problems.
 */
export function FeedbackForm({ action, types, idempotencyKey, pageUrl, limits }: Props) {
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM_STATE);
  const summary = useRef<HTMLDivElement>(null);
  const values = state.values;
  const errors = state.fieldErrors;
  const problems = FIELD_ORDER.filter((f) => errors[f]);

  useEffect(() => {
    if (state !== EMPTY_FORM_STATE && (problems.length || state.formError)) summary.current?.focus();
  }, [state, problems.length]);

  const describedBy = (field: (typeof FIELD_ORDER)[number], extra?: string) => [extra, errors[field] ? `fb-${field}-error` : null].filter(Boolean).join(" ") || undefined;

  return (
    <form action={formAction} className="space-y-6" noValidate>
      {(problems.length > 0 || state.formError) && (
        <div
          ref={summary}
          tabIndex={-1}
          aria-labelledby="fb-problems-title"
          className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 outline-none focus-visible:outline-3 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          <p id="fb-problems-title" className="flex items-center gap-1.5 font-semibold">
            <CircleAlert aria-hidden="true" className="size-4 shrink-0" />
            {problems.length ? `Nothing was sent yet: check ${problems.length === 1 ? "1 field" : `${problems.length} fields`}` : "Nothing was sent"}
          </p>
          {state.formError && <p className="mt-1">{state.formError}</p>}
          {problems.length > 0 && (
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {problems.map((f) => (
                <li key={f}>
                  <a href={f === "type" ? `#fb-type-${types[0].value}` : `#fb-${f}`} className="underline underline-offset-2">
                    {errors[f]}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <fieldset role="radiogroup" aria-labelledby="fb-type-legend" aria-invalid={errors.type ? true : undefined} aria-describedby={describedBy("type")}>
        <legend id="fb-type-legend" className="text-sm font-medium">
          What is it about?
        </legend>
        <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
          {types.map((t) => (
            <label
              key={t.value}
              className="flex min-h-11 cursor-pointer flex-col justify-center rounded-md border border-zinc-400 bg-white px-3 py-2 text-sm has-checked:border-indigo-600 has-checked:bg-indigo-50 has-checked:ring-2 has-checked:ring-indigo-600 has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600 dark:border-zinc-500 dark:bg-zinc-900 dark:has-checked:border-indigo-300 dark:has-checked:bg-indigo-950 dark:has-checked:ring-indigo-300 dark:has-focus-visible:outline-indigo-300"
            >
              <span className="flex items-center gap-2 font-medium">
                <input
                  id={`fb-type-${t.value}`}
                  type="radio"
                  name="type"
                  value={t.value}
                  defaultChecked={values?.type === t.value}
                  className="size-4 accent-indigo-600 focus-visible:outline-none dark:accent-indigo-300"
                />
                {t.label}
              </span>
              <span className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{t.hint}</span>
            </label>
          ))}
        </div>
        {errors.type && <FieldError id="fb-type-error">{errors.type}</FieldError>}
      </fieldset>

      <div className="space-y-1.5">
        <label htmlFor="fb-title" className="block text-sm font-medium">
          Title
        </label>
        <input
          id="fb-title"
          name="title"
          type="text"
          defaultValue={values?.title}
          maxLength={limits.title}
          autoComplete="off"
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describedBy("title", "fb-title-desc")}
          className={controlClass}
        />
        <p id="fb-title-desc" className="text-xs text-zinc-600 dark:text-zinc-400">
          One line, e.g. “Checkout button does nothing on my phone”.
        </p>
        {errors.title && <FieldError id="fb-title-error">{errors.title}</FieldError>}
      </div>

      <div className="space-y-1.5">
        <label htmlFor="fb-details" className="block text-sm font-medium">
          Details
        </label>
        <textarea
          id="fb-details"
          name="details"
          rows={6}
          defaultValue={values?.details}
          maxLength={limits.details}
          aria-invalid={errors.details ? true : undefined}
          aria-describedby={describedBy("details", "fb-details-desc")}
          className={controlClass}
        />
        <p id="fb-details-desc" className="text-xs text-zinc-600 dark:text-zinc-400">
          What happened, and what did you expect? Steps to see it again help most.
        </p>
        {errors.details && <FieldError id="fb-details-error">{errors.details}</FieldError>}
      </div>

      <div className="space-y-1.5">
        <label htmlFor="fb-email" className="block text-sm font-medium">
          E-mail <span className="font-normal text-zinc-600 dark:text-zinc-400">(optional)</span>
        </label>
        <input
          id="fb-email"
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          defaultValue={values?.email}
          maxLength={limits.email}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={describedBy("email", "fb-email-desc")}
          className={controlClass}
        />
        <p id="fb-email-desc" className="text-xs text-zinc-600 dark:text-zinc-400">
          Only if you would like an answer. It is not shown to anyone outside the team.
        </p>
        {errors.email && <FieldError id="fb-email-error">{errors.email}</FieldError>}
      </div>

      {/* People never see or reach this field; bots that fill every input do, and their post goes to the spam folder. */}
      <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
        <label htmlFor="fb-website">Website (leave this empty)</label>
        <input id="fb-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <input type="hidden" name="idempotencyKey" value={values?.idempotencyKey || idempotencyKey} />
      {(values?.pageUrl || pageUrl) && <input type="hidden" name="pageUrl" value={values?.pageUrl || pageUrl || ""} />}

      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          aria-disabled={pending || undefined}
          onClick={(e) => pending && e.preventDefault()}
          className="inline-flex min-h-11 items-center justify-center gap-2 rounded-md bg-indigo-600 px-5 py-2 text-sm font-semibold text-white hover:bg-indigo-700 aria-disabled:cursor-wait aria-disabled:opacity-70"
        >
          {pending && <LoaderCircle aria-hidden="true" className="size-4 animate-spin" />}
          {pending ? "Sending…" : "Send feedback"}
        </button>
        {pageUrl && (
          <p className="min-w-0 text-xs text-zinc-600 dark:text-zinc-400">
            Sent with the page you came from: <span className="font-mono break-all">{pageUrl}</span>
          </p>
        )}
      </div>
    </form>
  );
}

function FieldError({ id, children }: { id: string; children: string }) {
  return (
    <p id={id} className="mt-1.5 flex items-center gap-1 text-sm font-medium text-red-700 dark:text-red-400">
      <CircleAlert aria-hidden="true" className="size-4 shrink-0" />
      {children}
    </p>
  );
}
