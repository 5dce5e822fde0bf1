import { jsonError, type RouteDef } from "../api/handler";
import { checkStructure, readRawBody, requestIdOf } from "../api/request-guards";
import { clientAddress } from "../auth/client-address";
import { env } from "../env";
import { AppError, ValidationError } from "../errors";
import { FeedbackRateLimitedError, ZPublicFeedback, ZPublicReceipt, projectByKey, receiveFeedback, type IntakeProject } from "./public";

// POST /api/v1/public/feedback/{key}: the widget and any site's own form post here from other origins. A raw route:
// no cookie or token is read, the body is read here (JSON, text/plain holding JSON so the widget needs no preflight,
// or a urlencoded form), and every answer, errors included, carries the CORS headers so the widget can read it.

export const PUBLIC_BODY_MAX = 32 * 1024;
const CONTENT_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded"];

/** The headers every answer to `origin` carries: allowed when the project allows any origin or lists this one. */
export function corsHeaders(origin: string | null, allowedOrigins: string[] | null): Record<string, string> {
  const headers: Record<string, string> = { vary: "Origin" };
  if (origin && originAllowed(origin, allowedOrigins)) {
    headers["access-control-allow-origin"] = origin;
    headers["access-control-expose-headers"] = "Retry-After, X-Request-Id";
  }
  return headers;
}

/** null: the key is unknown, so there is no list to refuse by (the 404 itself should be readable). */
const originAllowed = (origin: string, allowed: string[] | null) =>
  !allowed || allowed.length === 0 || allowed.some((a) => a.toLowerCase() === origin.toLowerCase());

/** The body as an object to validate: JSON (either type) or a urlencoded form, at most PUBLIC_BODY_MAX bytes. */
export async function readPublicBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type");
  const essence = type?.split(";")[0].trim().toLowerCase() ?? "";
  const bytes = await readRawBody(req, PUBLIC_BODY_MAX);
  if (!CONTENT_TYPES.includes(essence) && !(essence === "" && bytes.length === 0)) {
    throw new AppError(
      "unsupported_media_type",
      "Send the feedback as JSON (Content-Type: application/json, or text/plain holding JSON) or as a form (application/x-www-form-urlencoded)",
      415,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError([{ path: "body", rule: "invalid_encoding", message: "is not valid UTF-8" }]);
  }
  let body: unknown;
  if (essence === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams(text);
    const fields: Record<string, string> = {};
    for (const [key, value] of form) {
      if (key in fields) throw new ValidationError([{ path: key, rule: "duplicate", message: "was sent more than once; send each field once" }]);
      fields[key] = value;
    }
    body = fields;
  } else if (!text.trim()) {
    body = {};
  } else {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ValidationError([{ path: "body", rule: "invalid_json", message: "is not valid JSON" }]);
    }
  }
  checkStructure(body, "");
  return body;
}

const withCors = (res: Response, headers: Record<string, string>) => {
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
};

async function submitPublic(req: Request, key: string, requestId: string): Promise<Response> {
  const origin = req.headers.get("origin");
  let project: IntakeProject | null = null;
  try {
    project = await projectByKey(key);
    if (origin && !originAllowed(origin, project.allowedOrigins)) {
      throw new AppError(
        "origin_not_allowed",
        `Feedback from pages on ${origin} is not accepted by this project; nothing was saved. Its team can add ${origin} to the allowed sites in the project's feedback settings.`,
        403,
      );
    }
    const raw = await readPublicBody(req);
    const headers = Object.fromEntries(req.headers);
    const receipt = await receiveFeedback({
      projectId: project.projectId,
      raw,
      client: { ip: clientAddress(headers, env.TRUSTED_PROXY_HOPS), userAgent: req.headers.get("user-agent"), referer: req.headers.get("referer") },
    });
    const res = Response.json({ ref: receipt.ref, status: receipt.status }, { status: receipt.created ? 201 : 200 });
    return withCors(res, corsHeaders(origin, project.allowedOrigins));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const res = withCors(jsonError(error, requestId), corsHeaders(origin, project?.allowedOrigins ?? null));
    if (error instanceof FeedbackRateLimitedError) res.headers.set("retry-after", String(error.verdict.retryAfterSeconds));
    return res;
  }
}

async function preflight(req: Request, key: string, requestId: string): Promise<Response> {
  const origin = req.headers.get("origin");
  let project: IntakeProject;
  try {
    project = await projectByKey(key);
  } catch (error) {
    if (error instanceof AppError) return withCors(jsonError(error, requestId), corsHeaders(origin, null));
    throw error;
  }
  const headers = corsHeaders(origin, project.allowedOrigins);
  if (headers["access-control-allow-origin"]) {
    Object.assign(headers, { "access-control-allow-methods": "POST, OPTIONS", "access-control-allow-headers": "Content-Type", "access-control-max-age": "86400" });
  }
  return new Response(null, { status: 204, headers });
}

const PATH = "/public/feedback/{key}";

export const FEEDBACK_PUBLIC_ROUTES: RouteDef[] = [
  {
    id: "feedback.public.submit",
    method: "POST",
    path: PATH,
    tag: "Feedback",
    summary:
      "Send feedback from a site (the widget, or a site's own form) with the project's public key: JSON, text/plain holding JSON (no CORS preflight) or a urlencoded form, at most 32 kB. 201 with the FB reference; a repeated idempotencyKey answers 200 with the same one. Past the per-address limit, 429 with Retry-After",
    auth: "public",
    mutating: true,
    raw: { bodyDoc: ZPublicFeedback, contentTypes: CONTENT_TYPES },
    successStatus: 201,
    response: ZPublicReceipt,
    run: ({ ctx, params, req }) => submitPublic(req, params.key, ctx.requestId ?? requestIdOf(req)),
  },
  {
    id: "feedback.public.preflight",
    method: "OPTIONS",
    path: PATH,
    tag: "Feedback",
    summary: "CORS preflight for the feedback endpoint: allows the request's Origin when the project allows any site or lists it",
    auth: "public",
    mutating: false,
    raw: {},
    successStatus: 204,
    run: ({ ctx, params, req }) => preflight(req, params.key, ctx.requestId ?? requestIdOf(req)),
  },
];
