import { z } from "zod";
import type { Action } from "../auth/permissions";
import type { Actor, Ctx } from "../auth/context";
import { requestActor } from "../auth/session";
import { authenticateToken } from "../tokens/tokens";
import { resolveProjectId } from "../projects/projects";
import { AppError, NotFoundError, UnauthenticatedError, conflictFromUniqueViolation } from "../errors";
import { checkOrigin, checkStructure, hasUnstorable, readJsonBody, requestIdOf } from "./request-guards";
import { log } from "../observability/log";
import { metrics } from "../observability/metrics";

export type Method = "GET" | "POST" | "PATCH" | "DELETE" | "OPTIONS";

export type RouteDef = {
  id: string;
  method: Method;
  /** OpenAPI-style path under /api/v1, e.g. /projects/{projectId}/targets */
  path: string;
  summary: string;
  tag: string;
  /** What the verb checks: a permissions-table action, any signed-in caller, or nobody. */
  auth: Action | "authenticated" | "public";
  mutating: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  successStatus?: number;
  produces?: "application/json" | "text/csv" | "text/markdown" | "text/event-stream" | "text/html" | "application/zip";
  /**
   * Intake from outside T-Minus (the feedback widget and form, GitHub and Discord webhooks): the verb reads the raw
   * request itself (signatures are over the exact bytes; forms are not JSON), no caller is resolved from cookies or
   * tokens, and no Origin check applies (these requests come from other sites by design). `bodyDoc` documents the
   * body for OpenAPI. Only with auth "public".
   */
  raw?: { bodyDoc?: z.ZodType; contentTypes?: string[] };
  run: (args: { ctx: Ctx; params: Record<string, string>; query: Record<string, string>; body: unknown; req: Request }) => Promise<unknown>;
};

export const jsonError = (error: AppError, requestId: string) =>
  Response.json(
    { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}), requestId } },
    { status: error.status, headers: { "x-request-id": requestId } },
  );

async function resolveActor(req: Request): Promise<Actor | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const [scheme, token] = header.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) throw new UnauthenticatedError("Authorization must be 'Bearer <token>'");
    const actor = await authenticateToken(token.trim());
    if (!actor) throw new UnauthenticatedError("The API token is invalid or revoked");
    return actor;
  }
  return requestActor(req);
}

/** The one thin wrapper: resolves the caller, parses the body, calls the verb, maps typed errors. */
export function handle(route: RouteDef) {
  return async (req: Request, context: { params: Promise<Record<string, string | string[]>> }) => {
    const requestId = requestIdOf(req);
    const started = performance.now();
    let status = 500;
    try {
      const rawParams = (await context.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const query = Object.fromEntries(new URL(req.url).searchParams);
      if (route.raw && route.auth !== "public") throw new Error(`raw route ${route.id} must be public`);
      let actor = route.raw ? null : route.auth === "public" ? await resolveActor(req).catch(() => null) : await resolveActor(req);
      if (route.auth !== "public" && !actor) throw new UnauthenticatedError();
      // On a public route a write without Origin (curl, scripts) is served, but not as the cookie's user.
      const cookieTrusted = route.raw ? false : checkOrigin(req, { cookieRequired: route.auth !== "public" && actor?.type === "user" });
      if (!cookieTrusted && actor?.type === "user") actor = null;
      if (hasUnstorable(params)) throw new NotFoundError();
      checkStructure(query, "query");
      const ctx: Ctx = { actor, requestId, roles: new Map() };
      if (params.projectId) params.projectId = await resolveProjectId(ctx, params.projectId);
      const body = route.raw ? undefined : await readJsonBody(req);
      if (!route.raw) checkStructure(body, "");
      const result = await route.run({ ctx, params, query, body, req });
      if (result instanceof Response) {
        status = result.status;
        result.headers.set("x-request-id", requestId);
        return result;
      }
      status = route.successStatus ?? 200;
      if (status === 204) return new Response(null, { status, headers: { "x-request-id": requestId } });
      return Response.json(result, { status, headers: { "x-request-id": requestId } });
    } catch (caught) {
      // Two concurrent creates can both pass a verb's own "is it taken?" check; the unique index decides, as a 409.
      const error = conflictFromUniqueViolation(caught) ?? caught;
      if (error instanceof AppError) {
        status = error.status;
        return jsonError(error, requestId);
      }
      status = 500;
      log.error("api.unhandled", { requestId, route: route.id, error: (error as Error).message, stack: (error as Error).stack });
      return jsonError(new AppError("internal", "Something went wrong on our side; the request id helps us find it", 500), requestId);
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics().httpDuration.observe({ method: route.method, route: route.path, status: String(status) }, seconds);
      log.info("http", { requestId, method: route.method, route: route.path, status, ms: Math.round(seconds * 1000) });
    }
  };
}
