import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { API_DOC } from "@/tests/qa/fixtures/api-sites";
import { caseUrl, CASE_CATEGORIES, createRng, curlCommand, generateCases, shellQuote, type FuzzCase } from "./fuzz-cases";
import { createSchemaChecker, parseOpenApi, type ApiOperation } from "./openapi";

const sh = promisify(execFile);
const check = createSchemaChecker();

function operations(doc: object): ApiOperation[] {
  const result = parseOpenApi(JSON.stringify(doc), { name: "openapi.json", source: "x", baseUrl: "http://t.test" });
  if (!result.ok) throw new Error(result.reason);
  return result.doc.operations;
}
const fixture = operations(API_DOC);
const op = (id: string, list = fixture) => list.find((o) => o.id === id)!;
const cases = (operation: ApiOperation, over: { seed?: number; maxCases?: number; maxBodyBytes?: number } = {}) =>
  generateCases(operation, { seed: 1, maxCases: 40, maxBodyBytes: 64 * 1024, check, ...over });

function single(body: Record<string, unknown>, mediaType = "application/json", required = true) {
  return operations({
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: { "/x": { post: { requestBody: { required, content: { [mediaType]: { schema: body } } }, responses: { 200: { description: "ok" } } } } },
  })[0];
}

describe("generateCases", () => {
  it("is deterministic for a seed, and a different seed changes the generated values only", () => {
    const post = op("POST /api/items");
    expect(cases(post)).toEqual(cases(post));
    const other = cases(post, { seed: 2 });
    expect(other.map((c) => c.body)).not.toEqual(cases(post).map((c) => c.body));
    const shape = (list: FuzzCase[]) => list.filter((c) => c.label !== "with generated values").map((c) => `${c.category} ${c.label}`);
    expect(shape(other)).toEqual(shape(cases(post)));
  });

  it("gives independent streams per operation, whatever else is in the document", () => {
    const a = createRng(1, "POST /api/items");
    const b = createRng(1, "POST /api/items");
    const c = createRng(1, "GET /api/items");
    const draws = (rng: () => number) => Array.from({ length: 5 }, rng);
    expect(draws(a)).toEqual(draws(b));
    expect(draws(c)).not.toEqual(draws(createRng(1, "POST /api/items")));
  });

  it("covers every body category even with a small budget, valid first", () => {
    const list = cases(op("POST /api/items"), { maxCases: 10 });
    expect(list).toHaveLength(10);
    expect(list[0]).toMatchObject({ category: "valid", expect: "accept", body: '{"name":"Launch checklist","priority":"high"}' });
    expect(new Set(list.map((c) => c.category))).toEqual(
      new Set(["valid", "wrong-type", "missing-required", "boundary", "extra-field", "malformed-body", "wrong-content-type", "oversized-body"]),
    );
  });

  it("marks valid cases accept only when the document agrees, and invalid ones reject only when it disagrees", () => {
    const post = op("POST /api/items");
    const schema = check(post.body!.schema)!;
    for (const c of cases(post, { maxCases: 200 })) {
      if (c.category === "malformed-body" || c.body === undefined || c.headers["content-type"] !== "application/json") continue;
      const valid = schema(JSON.parse(c.body)) === null;
      if (c.expect === "accept") expect(valid, c.label).toBe(true);
      if (c.expect === "reject" && c.category !== "wrong-content-type") expect(valid, c.label).toBe(false);
    }
  });

  it("builds valid values for constrained schemas: formats, bounds, multipleOf, arrays, allOf, oneOf, nullable", () => {
    const body = {
      type: "object",
      required: ["when", "email", "id", "count", "price", "tags", "both", "either", "maybe"],
      additionalProperties: false,
      properties: {
        when: { type: "string", format: "date-time" },
        email: { type: "string", format: "email" },
        id: { type: "string", format: "uuid" },
        count: { type: "integer", exclusiveMinimum: 10, maximum: 20, multipleOf: 3 },
        price: { type: "number", minimum: 0.5, maximum: 0.75 },
        tags: { type: "array", minItems: 2, maxItems: 4, uniqueItems: true, items: { type: "string", minLength: 2 } },
        both: { allOf: [{ type: "object", required: ["a"], properties: { a: { type: "boolean" } } }, { required: ["b"], properties: { b: { const: 1 } } }] },
        either: { oneOf: [{ type: "integer", minimum: 100 }, { type: "string", pattern: "^x" }] },
        slug: { type: "string", pattern: "^[a-z][a-z0-9-]{2,8}$" },
        code: { type: "string", pattern: "^(EU|US)-\\d{3}(\\.[A-F]{2})?$", maxLength: 9 },
        ratio: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.1 },
        maybe: { type: ["string", "null"], enum: ["on", "off", null] },
      },
    };
    const post = single(body);
    const validate = check(post.body!.schema)!;
    for (const seed of [1, 2, 3]) {
      const valid = cases(post, { seed, maxCases: 200 }).filter((c) => c.category === "valid");
      expect(valid.length).toBeGreaterThan(10);
      for (const c of valid) expect([c.expect, c.label, validate(JSON.parse(c.body!))]).toEqual(["accept", c.label, null]);
    }
  });

  it("judges form bodies by what the server can decode: a number in a text field is still text", () => {
    const form = single({ type: "object", required: ["name", "age"], properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } } }, "application/x-www-form-urlencoded");
    const list = cases(form, { maxCases: 100 });
    expect(list.find((c) => c.label === "body.name as a number")).toMatchObject({ expect: "any", body: expect.stringMatching(/^name=12345&age=\d+$/) });
    expect(list.find((c) => c.label === "body.age as a string")).toMatchObject({ expect: "reject", body: expect.stringContaining("age=not-a-number") });
    expect(list.find((c) => c.category === "wrong-content-type" && c.headers["content-type"] === "application/json")).toMatchObject({ expect: "reject" });
  });

  it("does not expect an optional body to be refused when it cannot be read", () => {
    const optional = single({ type: "object", properties: { note: { type: "string" } } }, "application/json", false);
    const unreadable = cases(optional).filter((c) => c.category === "malformed-body" || c.category === "wrong-content-type");
    expect(unreadable.length).toBeGreaterThan(0);
    expect(unreadable.every((c) => c.expect === "any")).toBe(true);
  });

  it("fills query and path parameters, and breaks them one at a time", () => {
    const list = cases(op("GET /api/items"));
    expect(list[0]).toMatchObject({ category: "valid", path: "/api/items", query: [["limit", "10"]] });
    expect(list.filter((c) => c.category === "bad-query").map((c) => [c.query, c.expect])).toEqual([
      [[["limit", "not-a-number"]], "reject"],
      [[["limit", "0"]], "reject"],
      [[["limit", "101"]], "reject"],
      [[["limit", "1e+21"]], "reject"],
      [[["limit", "-1"]], "reject"],
      [[["limit", "1.5"]], "reject"],
    ]);
    const byId = cases(op("GET /api/items/{id}"));
    expect(byId[0].path).toBe("/api/items/1");
    expect(byId.find((c) => c.category === "wrong-type")).toMatchObject({ path: "/api/items/not-a-number", expect: "reject" });
  });

  it("sends secured operations only without credentials, or with a wrong one", () => {
    const list = cases(op("GET /api/admin/stats"));
    expect(list.map((c) => [c.category, c.expect, c.headers.authorization])).toEqual([
      ["missing-auth", "reject", undefined],
      ["missing-auth", "reject", "Bearer tminus-invalid-token"],
    ]);
  });

  it("builds the oversized body up to the cap, never beyond, and its reproducer generates the same bytes", async () => {
    const big = cases(op("POST /api/items"), { maxBodyBytes: 300_000 }).find((c) => c.category === "oversized-body")!;
    expect(Buffer.byteLength(big.body!)).toBe(300_000);
    expect(big.expect).toBe("reject"); // name has maxLength 80
    const { prefix, fill, count, suffix } = big.padding!;
    expect(prefix + fill.repeat(count) + suffix).toBe(big.body);
    const command = curlCommand("http://t.test/api/items", big);
    const generator = command.slice(0, command.indexOf(" | curl "));
    const { stdout } = await sh("sh", ["-c", generator], { maxBuffer: 1024 * 1024 });
    expect(stdout).toBe(big.body);
  });

  it("lists the categories in one order", () => {
    expect(CASE_CATEGORIES[0]).toBe("valid");
    expect(new Set(CASE_CATEGORIES).size).toBe(CASE_CATEGORIES.length);
  });
});

describe("reproducers", () => {
  it("quotes anything for a POSIX shell", async () => {
    for (const text of ["plain", "it's", "'; rm -rf / #", 'a"b$c`d\\e', "multi\nline", ""]) {
      const { stdout } = await sh("sh", ["-c", `printf '%s' ${shellQuote(text)}`]);
      expect(stdout).toBe(text);
    }
  });

  it("writes the method, URL with query, headers and body", () => {
    const c: FuzzCase = {
      category: "boundary",
      expect: "reject",
      label: "x",
      method: "PUT",
      path: "/a b/1",
      query: [["q", "it's & more"]],
      headers: { "content-type": "application/json", "x-note": "it's" },
      body: `{"name":"O'Brien"}`,
    };
    const url = caseUrl("http://t.test/base/", c);
    expect(url).toBe("http://t.test/base/a b/1?q=it's%20%26%20more");
    expect(curlCommand(url, c)).toBe(
      `curl -sS -i -X PUT 'http://t.test/base/a b/1?q=it'\\''s%20%26%20more' -H 'content-type: application/json' -H 'x-note: it'\\''s' --data-binary '{"name":"O'\\''Brien"}'`,
    );
  });
});
