import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { ROUTES } from "./routes";

describe("OpenAPI document", () => {
  const doc = openApiDocument() as any;

  it("is OpenAPI 3.1 and describes every registered route once", () => {
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths).flatMap(([p, ops]: [string, any]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(operations.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    const ids = operations.map((o) => o);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("generates request bodies from the same zod schemas the verbs parse with", () => {
    const create = doc.paths["/projects/{projectId}/targets"].post;
    const schema = create.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["name", "environment", "baseUrl"]));
    expect(schema.properties.environment.enum).toEqual(["production", "staging", "preview", "development"]);
    expect(schema.properties.name.maxLength).toBe(60);
    expect(create["x-permission"]).toBe("target.create");
  });

  it("documents errors with field and rule, and the auth each route needs", () => {
    const issue = doc.components.schemas.Error.properties.error.properties.issues.items;
    expect(Object.keys(issue.properties)).toEqual(["path", "rule", "message"]);
    const del = doc.paths["/projects/{projectId}/targets/{targetId}"].delete;
    expect(Object.keys(del.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "404"]));
    expect(doc.paths["/setup"].post.security).toEqual([]);
  });

  it("never exposes secret values in response schemas", () => {
    const target = doc.paths["/projects/{projectId}/targets/{targetId}"].get.responses["200"].content["application/json"].schema;
    expect(Object.keys(target.properties)).toContain("secretKeys");
    expect(Object.keys(target.properties)).not.toContain("secrets");
    expect(Object.keys(target.properties)).not.toContain("secretsEncrypted");
  });
});
