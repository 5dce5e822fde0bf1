import { Alert } from "./card";
import type { ApiError } from "@/lib/queries/api";

/** The form-level half of an API error; field issues are shown beside their fields, so only counted here. */
export function FormError({ error, title }: { error: ApiError | null; title: string }) {
  if (!error) return null;
  const n = error.issues.length;
  return <Alert title={title}>{n ? `Check the ${n === 1 ? "field" : `${n} fields`} marked below.` : error.message}</Alert>;
}
