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
  constructor(message: string, code = "conflict") {
    super(code, message, 409);
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

export function issuesFromZod(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join("."),
    rule: issue.code === "custom" ? "custom" : issue.code,
    message: issue.message,
  }));
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(issuesFromZod(result.error, prefix));
  return result.data;
}
