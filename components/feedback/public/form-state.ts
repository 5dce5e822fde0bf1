// What the public feedback form's server action hands back to the form: messages per field, one for the whole form,
// and what was typed, so a form that comes back (with or without JavaScript) keeps it.

export type FeedbackFormValues = { type: string; title: string; details: string; email: string; pageUrl: string; idempotencyKey: string };
export type FeedbackFormState = { fieldErrors: Partial<Record<"type" | "title" | "details" | "email", string>>; formError: string | null; values: FeedbackFormValues | null };

export const EMPTY_FORM_STATE: FeedbackFormState = { fieldErrors: {}, formError: null, values: null };
