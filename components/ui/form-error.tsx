import { Alert } from "./card";
import { TechnicalDetails, explainError } from "./error-text";
import type { ApiError } from "@/lib/queries/api";

/** The form-level half of an API error; field issues are shown beside their fields, so only counted here. */
export function FormError({ error, title }: { error: ApiError | null; title: string }) {
  if (!error) return null;
  const n = error.issues.length;
  if (n) return <Alert title={title}>{`Check the ${n === 1 ? "field" : `${n} fields`} marked below.`}</Alert>;
  const { sentence, code, detail } = explainError(error);
  return (
    <Alert title={title}>
      {sentence}
      <TechnicalDetails code={code} detail={detail} requestId={error.requestId} />
    </Alert>
  );
}
