import { TechnicalDetails, explainError } from "@/components/ui/error-text";
import { ApiError } from "@/lib/queries/api";

/**
 * An API error about starting or saving a QA run: a 403 or 409 carries the server's own sentence (why a production
 * load test needs an approver, why a finished run cannot be cancelled), so it is shown as written.
 */
export function QaError({ error, fallback, className = "" }: { error: unknown; fallback: string; className?: string }) {
  const own = error instanceof ApiError && (error.status === 403 || error.status === 409);
  const { sentence, code, detail } = own ? { sentence: error.message, code: error.code, detail: undefined } : explainError(error, fallback);
  return (
    <div role="alert" data-testid="qa-error" className={`text-sm font-medium text-red-700 dark:text-red-400 ${className}`}>
      <p>{sentence}</p>
      <TechnicalDetails code={code} detail={detail} requestId={error instanceof ApiError ? error.requestId : undefined} />
    </div>
  );
}
