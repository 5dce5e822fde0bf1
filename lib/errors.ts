import type { z } from "zod";

export type FieldIssue = { path: string; rule: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

export class ValidationError extends AppError {
  constructor(issues: FieldIssue[]) {
    const first = issues[0];
    super("invalid_input", first ? `${first.path || "body"}: ${first.message}` : "Invalid input", 400, issues);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = "Sign in or send an API token (Authorization: Bearer …)") {
    super("unauthenticated", message, 401);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "Your role does not allow this action") {
    super("forbidden", message, 403);
  }
}
export class NotFoundError extends AppError {
  constructor(what = "Resource") {
    super("not_found", `${what} not found`, 404);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, code = "conflict", issues?: FieldIssue[]) {
    super(code, message, 409, issues);
  }
}
export class UnprocessableError extends AppError {
  constructor(message: string, code = "unprocessable") {
    super(code, message, 422);
  }
}
export class RateLimitedError extends AppError {
  constructor(message = "Too many attempts; wait a few minutes and try again") {
    super("rate_limited", message, 429);
  }
}

// A refinement names its own rule with `params: { rule }`; an issue about the whole input is about "body" (or the prefix).
export function issuesFromZod(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || "body",
    rule: issue.code === "custom" ? String((issue.params as { rule?: string } | undefined)?.rule ?? "custom") : issue.code,
    message: issue.message,
  }));
}

/**
 * Prisma's unique-constraint failure (P2002) as a 409 naming the field. Field names come from `meta.target` or,
 * through a driver adapter, from `meta.driverAdapterError.cause.constraint.fields`.
 */
export function conflictFromUniqueViolation(error: unknown): ConflictError | null {
  type Meta = { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } };
  const e = error as { code?: unknown; meta?: Meta } | null;
  if (!e || typeof e !== "object" || e.code !== "P2002") return null;
  const target = e.meta?.target ?? e.meta?.driverAdapterError?.cause?.constraint?.fields;
  const fields = (Array.isArray(target) ? target.map(String) : typeof target === "string" ? [target] : []).filter(
    (f) => !["projectId", "userId"].includes(f),
  );
  const field = fields[fields.length - 1] ?? "body";
  const message = `This ${field} is already taken, perhaps by a request made at the same moment; choose another ${field}`;
  return new ConflictError(message, `${field}_taken`, [{ path: field, rule: "unique", message: "is already taken" }]);
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(issuesFromZod(result.error, prefix));
  return result.data;
}
