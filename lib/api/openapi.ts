import { z } from "zod";
import { ROUTES } from "./routes";

type JsonSchema = Record<string, unknown>;
const toSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  return json;
};

const ZErrorBody = z.object({
  error: z.object({
    code: z.string().describe("stable machine-readable code, e.g. invalid_input, forbidden, not_found"),
    message: z.string(),
    issues: z.array(z.object({ path: z.string().describe("the field, e.g. baseUrl or secrets.token"), rule: z.string().describe("the rule it broke, e.g. too_small, invalid_format"), message: z.string() })).optional(),
    requestId: z.string(),
  }),
});

/** OpenAPI 3.1, generated from the same zod schemas the verbs parse with. */
export function openApiDocument(serverUrl = "/api/v1") {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorRef = { $ref: "#/components/schemas/Error" };
  for (const route of ROUTES) {
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
      ...(m[1] === "projectId" ? { description: "project id or slug" } : {}),
    }));
    const queryParams = route.query
      ? Object.entries((toSchema(route.query, "input").properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({ name, in: "query", required: false, schema }))
      : [];
    const errors: Record<string, unknown> = {
      "400": { description: "Invalid input: names the field and the rule", content: { "application/json": { schema: errorRef } } },
    };
    if (route.auth !== "public") errors["401"] = { description: "Not signed in and no valid API token", content: { "application/json": { schema: errorRef } } };
    if (route.auth !== "public" && route.auth !== "authenticated") {
      errors["403"] = { description: `Role may not ${route.auth}`, content: { "application/json": { schema: errorRef } } };
      errors["404"] = { description: "Not found (or not a member)", content: { "application/json": { schema: errorRef } } };
    }
    if (route.mutating) errors["409"] = { description: "Conflicts with the current state", content: { "application/json": { schema: errorRef } } };
    const produces = route.produces ?? "application/json";
    const success =
      produces === "application/json"
        ? { description: "OK", content: { "application/json": { schema: route.response ? toSchema(route.response, "output") : {} } } }
        : { description: "OK", content: { [produces]: { schema: { type: "string" } } } };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.id,
      summary: route.summary,
      tags: [route.tag],
      "x-permission": route.auth,
      security: route.auth === "public" ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
      parameters: [...pathParams, ...queryParams],
      ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(route.body, "input") } } } } : {}),
      // Intake from other sites: the same body in each content type the verb reads (a form posts urlencoded).
      ...(route.raw?.bodyDoc
        ? { requestBody: { required: true, content: Object.fromEntries((route.raw.contentTypes ?? ["application/json"]).map((t) => [t, { schema: toSchema(route.raw!.bodyDoc!, "input") }])) } }
        : {}),
      responses: { [String(route.successStatus ?? 200)]: success, ...errors },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "T-Minus API", version: "1.0.0", description: "Launch control for web products. Every mutating route checks the caller's project role on the server." },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: toSchema(ZErrorBody, "output") },
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "Project API token (tmn_…), created under Project → API tokens" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
  };
}
