"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientAddress } from "@/lib/auth/client-address";
import { env } from "@/lib/env";
import { AppError, ValidationError } from "@/lib/errors";
import { formProject, receiveFeedback } from "@/lib/feedback/public";
import type { FeedbackFormState, FeedbackFormValues } from "@/components/feedback/public/form-state";

const FIELDS = ["type", "title", "details", "email"] as const;
const NAMES: Record<(typeof FIELDS)[number], string> = { type: "Type", title: "Title", details: "Details", email: "E-mail" };

/**
 * The form at /feedback/<slug>, posted with or without JavaScript: the same path into the store as the widget's
 * endpoint, then a 303 to the thank-you (so a reload does not post again). Errors come back beside their fields.
 */
export async function sendFeedback(slug: string, _previous: FeedbackFormState, form: FormData): Promise<FeedbackFormState> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const values: FeedbackFormValues = {
    type: text("type"),
    title: text("title"),
    details: text("details"),
    email: text("email"),
    pageUrl: text("pageUrl"),
    idempotencyKey: text("idempotencyKey"),
  };
  let ref: string;
  try {
    const project = await formProject(slug);
    if (!project) return { fieldErrors: {}, formError: "This project does not take feedback here any more; nothing was sent.", values };
    const h = await headers();
    const receipt = await receiveFeedback({
      projectId: project.projectId,
      raw: { ...values, website: text("website"), source: "form" },
      client: { ip: clientAddress(Object.fromEntries(h), env.TRUSTED_PROXY_HOPS), userAgent: h.get("user-agent") },
    });
    ref = receipt.ref;
  } catch (error) {
    if (error instanceof ValidationError) {
      const fieldErrors: FeedbackFormState["fieldErrors"] = {};
      const other: string[] = [];
      for (const issue of error.issues ?? []) {
        const field = FIELDS.find((f) => f === issue.path);
        if (field === "type") fieldErrors.type ??= "Choose what kind of feedback this is.";
        else if (field) fieldErrors[field] ??= `${NAMES[field]} ${issue.message}.`;
        else other.push(`${issue.path}: ${issue.message}`);
      }
      return { fieldErrors, formError: other.length ? `The form could not be read (${other.join("; ")}); reload the page and try again.` : null, values };
    }
    if (error instanceof AppError) return { fieldErrors: {}, formError: error.message, values };
    throw error;
  }
  redirect(`/feedback/${encodeURIComponent(slug)}?sent=${encodeURIComponent(ref)}`);
}
