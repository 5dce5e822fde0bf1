import { isJsonMedia, isObject, schemaExamples, type ApiOperation, type ApiParameter, type HttpMethod, type JsonSchema, type SchemaCheck } from "./openapi";

// Builds the requests the fuzz engine sends for one operation: valid ones from the schema, then invalid ones by
// category. Pure and seeded, so a rerun with the same seed sends the same bytes and findings compare across runs.

export const CASE_CATEGORIES = [
  "valid",
  "wrong-type",
  "missing-required",
  "boundary",
  "bad-query",
  "extra-field",
  "malformed-body",
  "wrong-content-type",
  "oversized-body",
  "missing-auth",
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

/** accept: valid by the document; reject: invalid by it; any: could not tell (only server errors and schemas judged). */
export type Expectation = "accept" | "reject" | "any";

export type FuzzCase = {
  category: CaseCategory;
  expect: Expectation;
  /** What this case does, for people: "body.rating as a string". */
  label: string;
  method: HttpMethod;
  /** The path with its parameters filled in, below the document's base path: "/api/items/1". */
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body?: string;
  /** Bodies too long for a command line are prefix + fill repeated count times + suffix (for the curl reproducer). */
  padding?: { prefix: string; fill: string; count: number; suffix: string };
};

export type CaseOptions = {
  seed: number;
  maxCases: number;
  /** The largest body sent: the oversized case is built up to it, never beyond. */
  maxBodyBytes: number;
  check: (schema: JsonSchema) => SchemaCheck | null;
};

/** mulberry32 over a string hash of seed and salt: each operation gets its own stream, whatever else is filtered. */
export function createRng(seed: number, salt: string): () => number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mode = "example" | "minimal" | "full";
type Rng = () => number;
const NO_BODY = Symbol("no body");
type Draft = { params: Map<string, unknown>; body: unknown };
const MAX_DEPTH = 6;
const MUTATION_DEPTH = 3;
const EXTRA_FIELD = "tminusExtra";

export function generateCases(op: ApiOperation, options: CaseOptions): FuzzCase[] {
  const rng = createRng(options.seed, op.id);
  const builder = new CaseBuilder(op, options);
  const example = builder.draft("example", rng);
  const minimal = builder.draft("minimal", rng);
  const full = builder.draft("full", rng);
  const valid = [builder.make("valid", "with the documented examples", example), builder.make("valid", "with required fields only", minimal), builder.make("valid", "with every field", full)];
  for (const sample of op.body?.examples.slice(1, 3) ?? []) valid.push(builder.make("valid", "with another documented example", { ...example, body: sample }));
  const groups = op.secured ? [builder.missingAuth([example, minimal, full])] : [valid, ...builder.invalid(full)];
  const cases = interleave(groups, options.maxCases);
  // Spare room goes to more generated valid requests: different values reach different code paths.
  for (let attempt = 0; cases.length < options.maxCases && attempt < options.maxCases * 2 && !op.secured; attempt++) {
    const extra = builder.make("valid", "with generated values", builder.draft("full", rng));
    if (!cases.some((c) => sameRequest(c, extra))) cases.push(extra);
  }
  return cases;
}

/** One of each category in turn, so a small case budget still covers every category. */
function interleave(groups: FuzzCase[][], max: number): FuzzCase[] {
  const out: FuzzCase[] = [];
  for (let round = 0; out.length < max && groups.some((g) => round < g.length); round++) {
    for (const group of groups) {
      const c = group[round];
      if (c && out.length < max && !out.some((o) => sameRequest(o, c))) out.push(c);
    }
  }
  return out;
}

const sameRequest = (a: FuzzCase, b: FuzzCase) =>
  a.path === b.path && a.body === b.body && JSON.stringify(a.query) === JSON.stringify(b.query) && JSON.stringify(a.headers) === JSON.stringify(b.headers);

class CaseBuilder {
  constructor(
    private op: ApiOperation,
    private options: CaseOptions,
  ) {}

  draft(mode: Mode, rng: Rng): Draft {
    const params = new Map<string, unknown>();
    for (const p of this.op.parameters) {
      if (p.in === "cookie" || (mode === "minimal" && !p.required)) continue;
      params.set(key(p), mode !== "full" && p.examples.length ? p.examples[0] : valueFor(p.schema, mode, rng));
    }
    const body = this.op.body?.mediaType ? (mode === "example" && this.op.body.examples.length ? this.op.body.examples[0] : valueFor(this.op.body.schema, mode, rng)) : NO_BODY;
    return { params, body };
  }

  /** A case from a draft; `invalidOnPurpose` cases are judged by the document: rejected if invalid, else "any". */
  make(category: CaseCategory, label: string, draft: Draft, overrides: Partial<FuzzCase> = {}): FuzzCase {
    const verdict = this.judge(draft);
    const expect: Expectation = category === "valid" ? (verdict === "valid" ? "accept" : "any") : verdict === "invalid" ? "reject" : "any";
    return { category, expect, label, ...this.wire(draft), ...overrides };
  }

  private wire(draft: Draft): Pick<FuzzCase, "method" | "path" | "query" | "headers" | "body"> {
    const query: [string, string][] = [];
    const headers: Record<string, string> = {};
    let path = this.op.path;
    for (const p of this.op.parameters) {
      if (!draft.params.has(key(p))) continue;
      const value = draft.params.get(key(p));
      if (p.in === "path") path = path.split(`{${p.name}}`).join(encodeURIComponent(scalarText(value)));
      else if (p.in === "query") for (const text of listText(value)) query.push([p.name, text]);
      else if (p.in === "header") headers[p.name.toLowerCase()] = listText(value).join(",");
    }
    const media = this.op.body?.mediaType;
    if (draft.body === NO_BODY || !media) return { method: this.op.method, path, query, headers };
    headers["content-type"] = contentTypeOf(media);
    return { method: this.op.method, path, query, headers, body: encodeBody(draft.body, media) };
  }

  private judge(draft: Draft): "valid" | "invalid" | "unknown" {
    let unknown = false;
    for (const p of this.op.parameters) {
      if (p.in === "cookie") continue;
      if (!draft.params.has(key(p))) {
        if (p.required) return "invalid";
        continue;
      }
      const check = this.options.check(p.schema);
      if (!check) unknown = true;
      else if (check(coerceParam(draft.params.get(key(p)), p.schema))) return "invalid";
    }
    const body = this.op.body;
    if (body?.mediaType) {
      if (draft.body === NO_BODY) {
        if (body.required) return "invalid";
      } else {
        const check = this.options.check(body.schema);
        // Form bodies travel as text: judge what the server can decode, not the value before encoding.
        const seen = isJsonMedia(body.mediaType) ? draft.body : decodeForm(encodeBody(draft.body, body.mediaType), body.schema);
        if (!check) unknown = true;
        else if (check(seen)) return "invalid";
      }
    }
    return unknown ? "unknown" : "valid";
  }

  invalid(base: Draft): FuzzCase[][] {
    const groups = new Map<CaseCategory, FuzzCase[]>();
    const add = (c: FuzzCase) => groups.set(c.category, [...(groups.get(c.category) ?? []), c]);
    this.paramCases(base).forEach(add);
    this.bodyCases(base).forEach(add);
    return CASE_CATEGORIES.filter((c) => c !== "valid").map((c) => groups.get(c) ?? []);
  }

  private paramCases(base: Draft): FuzzCase[] {
    const out: FuzzCase[] = [];
    for (const p of this.op.parameters) {
      if (p.in === "cookie") continue;
      const where = `${p.in} parameter ${p.name}`;
      const withValue = (value: unknown): Draft => ({ ...base, params: new Map(base.params).set(key(p), value) });
      if (p.required && p.in !== "path") {
        const params = new Map(base.params);
        params.delete(key(p));
        out.push(this.make("missing-required", `without the required ${where}`, { ...base, params }));
      }
      const category = (fallback: CaseCategory): CaseCategory => (p.in === "query" ? "bad-query" : fallback);
      const wrong = wrongTypeValue(p.schema, true);
      if (wrong !== undefined) out.push(this.make(category("wrong-type"), `${where} = ${scalarText(wrong)}`, withValue(wrong)));
      for (const [label, value] of boundaryValues(p.schema)) {
        // An empty path segment reaches another route, not this operation with a bad value.
        if (p.in === "path" && scalarText(value) === "") continue;
        out.push(this.make(category("boundary"), `${where} ${label}`, withValue(value)));
      }
    }
    return out;
  }

  private bodyCases(base: Draft): FuzzCase[] {
    const body = this.op.body;
    if (!body?.mediaType || base.body === NO_BODY) return [];
    const out: FuzzCase[] = [];
    const withBody = (value: unknown): Draft => ({ ...base, body: value });
    if (body.required) out.push(this.make("missing-required", "without a body", { ...base, body: NO_BODY }));
    const rootWrong = wrongTypeValue(body.schema, false);
    if (rootWrong !== undefined) out.push(this.make("wrong-type", `body as ${describeType(rootWrong)}`, withBody(rootWrong)));
    for (const field of fieldsOf(body.schema, base.body, [], 0)) {
      const name = ["body", ...field.path].join(".");
      const wrong = wrongTypeValue(field.schema, false);
      if (wrong !== undefined && field.path.length) out.push(this.make("wrong-type", `${name} as ${describeType(wrong)}`, withBody(setAt(base.body, field.path, wrong))));
      for (const required of requiredOf(field.schema)) {
        if (isObject(field.value) && required in field.value) out.push(this.make("missing-required", `${name} without ${required}`, withBody(setAt(base.body, [...field.path, required], undefined))));
      }
      if (isObject(field.value) && (field.schema.additionalProperties === false || field.schema.unevaluatedProperties === false)) {
        out.push(this.make("extra-field", `${name} with an undocumented field ${EXTRA_FIELD}`, withBody(setAt(base.body, [...field.path, EXTRA_FIELD], "x"))));
      }
      if (field.path.length) for (const [label, value] of boundaryValues(field.schema)) out.push(this.make("boundary", `${name} ${label}`, withBody(setAt(base.body, field.path, value))));
    }
    out.push(...this.transportCases(base));
    return out;
  }

  /** Bodies that are wrong before any schema applies: cut, not JSON, the wrong media type, too large. */
  private transportCases(base: Draft): FuzzCase[] {
    const body = this.op.body!;
    const media = body.mediaType!;
    const valid = this.make("valid", "", base);
    const out: FuzzCase[] = [];
    // An optional body may be ignored when it cannot be read, so only a required one must be refused.
    const withText = (category: CaseCategory, label: string, text: string, contentType: string): FuzzCase => ({
      ...valid,
      category,
      expect: body.required ? "reject" : "any",
      label,
      body: text,
      headers: { ...valid.headers, "content-type": contentType },
    });
    if (isJsonMedia(media) && valid.body) {
      out.push(withText("malformed-body", "a JSON body cut in half", valid.body.slice(0, Math.max(1, Math.floor(valid.body.length / 2))), contentTypeOf(media)));
      out.push(withText("malformed-body", "a body that is not JSON", "tminus: this is not JSON {", contentTypeOf(media)));
    }
    const accepted = body.mediaTypes.map((m) => m.split(";")[0].trim().toLowerCase());
    for (const other of ["text/plain", "application/x-www-form-urlencoded", "application/json"]) {
      if (accepted.some((a) => a === other || a === "*/*" || (a.endsWith("/*") && other.startsWith(a.slice(0, -1))))) continue;
      const text = other === "application/x-www-form-urlencoded" ? encodeBody(base.body, other) : (valid.body ?? "");
      out.push(withText("wrong-content-type", `the valid body sent as ${other}`, text, other));
    }
    const oversized = this.oversized(base);
    if (oversized) out.push(oversized);
    return out;
  }

  /** About maxBodyBytes: a valid body whose longest string is padded; the document judges whether that is allowed. */
  private oversized(base: Draft): FuzzCase | undefined {
    const media = this.op.body!.mediaType!;
    if (!isJsonMedia(media) || !isObject(base.body)) return undefined;
    const field = fieldsOf(this.op.body!.schema, base.body, [], 0).find((f) => f.path.length === 1 && typeof f.value === "string")?.path ?? ["tminusPadding"];
    const marker = "\u0001tminus-padding\u0001";
    const [prefix, suffix] = JSON.stringify(setAt(base.body, field, marker)).split(JSON.stringify(marker).slice(1, -1));
    const count = this.options.maxBodyBytes - Buffer.byteLength(prefix) - Buffer.byteLength(suffix);
    if (count < 1) return undefined;
    const c = this.make("oversized-body", `a ${formatBytes(this.options.maxBodyBytes)} body (body.${field.join(".")} padded)`, { ...base, body: setAt(base.body, field, "x".repeat(count)) });
    return { ...c, padding: { prefix, fill: "x", count, suffix } };
  }

  /** Secured operations: T-Minus holds no credentials, so only "without them" and "with a wrong one" are sent. */
  missingAuth(drafts: Draft[]): FuzzCase[] {
    const cases = drafts.map((d, i) => ({ ...this.make("valid", "", d), category: "missing-auth" as const, expect: "reject" as const, label: ["without credentials (documented examples)", "without credentials (required fields only)", "without credentials (every field)"][i] }));
    const wrong = invalidCredential(this.op);
    if (wrong && cases[0]) {
      const c = cases[0];
      cases.push({ ...c, label: `with an invalid credential (${wrong.label})`, headers: { ...c.headers, ...wrong.headers }, query: [...c.query, ...wrong.query] });
    }
    return cases;
  }
}

const key = (p: ApiParameter) => `${p.in}:${p.name}`;

function invalidCredential(op: ApiOperation): { label: string; headers: Record<string, string>; query: [string, string][] } | undefined {
  const scheme = op.auth[0];
  if (!scheme) return undefined;
  if (scheme.type === "apiKey" && scheme.name) {
    if (scheme.in === "query") return { label: `query ${scheme.name}`, headers: {}, query: [[scheme.name, "tminus-invalid-key"]] };
    if (scheme.in === "cookie") return { label: `cookie ${scheme.name}`, headers: { cookie: `${scheme.name}=tminus-invalid-key` }, query: [] };
    return { label: `header ${scheme.name}`, headers: { [scheme.name.toLowerCase()]: "tminus-invalid-key" }, query: [] };
  }
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "basic") {
    return { label: "Basic", headers: { authorization: `Basic ${Buffer.from("tminus:invalid").toString("base64")}` }, query: [] };
  }
  if (scheme.type === "http" || scheme.type === "oauth2" || scheme.type === "openIdConnect") {
    return { label: "Bearer", headers: { authorization: "Bearer tminus-invalid-token" }, query: [] };
  }
  return undefined;
}

// ---- Values from schemas ----

function primaryType(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return (t.find((x) => x !== "null") as string | undefined) ?? (t[0] as string | undefined);
  if (isObject(schema.properties) || Array.isArray(schema.required)) return "object";
  if (schema.items !== undefined || Array.isArray(schema.prefixItems)) return "array";
  if (Array.isArray(schema.enum) && schema.enum.length) return jsonType(schema.enum[0]);
  if (typeof schema.minimum === "number" || typeof schema.maximum === "number") return "number";
  if (typeof schema.minLength === "number" || typeof schema.maxLength === "number" || typeof schema.format === "string") return "string";
  return undefined;
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** allOf parts folded into one schema: enough for generation; ajv still judges the real schema. */
function flatten(schema: JsonSchema): JsonSchema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  let out: JsonSchema = { ...rest };
  for (const part of allOf as unknown[]) {
    if (!isObject(part)) continue;
    const p = flatten(part);
    out = {
      ...p,
      ...out,
      properties: { ...(isObject(p.properties) ? p.properties : {}), ...(isObject(out.properties) ? out.properties : {}) },
      required: [...new Set([...(Array.isArray(p.required) ? p.required : []), ...(Array.isArray(out.required) ? out.required : [])])],
    };
  }
  return out;
}

function pick<T>(list: T[], rng: Rng): T {
  return list[Math.floor(rng() * list.length) % list.length];
}

function valueFor(raw: unknown, mode: Mode, rng: Rng, depth = 0): unknown {
  if (!isObject(raw)) return "tminus";
  const schema = flatten(raw);
  const examples = schemaExamples(schema);
  if (mode === "example" && examples.length) return examples[0];
  if (mode === "example" && schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return mode === "full" ? pick(schema.enum, rng) : schema.enum[0];
  const alternatives = (Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : []).filter(isObject);
  if (alternatives.length) return valueFor({ ...schema, oneOf: undefined, anyOf: undefined, ...(mode === "full" ? pick(alternatives, rng) : alternatives[0]) }, mode, rng, depth);
  switch (primaryType(schema)) {
    case "object":
      return objectValue(schema, mode, rng, depth);
    case "array":
      return arrayValue(schema, mode, rng, depth);
    case "integer":
    case "number":
      return numberValue(schema, mode, rng);
    case "boolean":
      return mode === "full" ? rng() < 0.5 : false;
    case "null":
      return null;
    default:
      return stringValue(schema, mode, rng);
  }
}

function objectValue(schema: JsonSchema, mode: Mode, rng: Rng, depth: number): Record<string, unknown> {
  const props = isObject(schema.properties) ? schema.properties : {};
  const required = requiredOf(schema);
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(props)) {
    if (depth >= MAX_DEPTH && !required.includes(name)) continue;
    if (mode === "minimal" && !required.includes(name)) continue;
    out[name] = valueFor(prop, mode, rng, depth + 1);
  }
  for (const name of required) if (!(name in out)) out[name] = "tminus";
  return out;
}

function arrayValue(schema: JsonSchema, mode: Mode, rng: Rng, depth: number): unknown[] {
  const min = num(schema.minItems) ?? 0;
  const max = num(schema.maxItems) ?? min + 3;
  const count = depth >= MAX_DEPTH ? min : mode === "minimal" ? min : mode === "example" ? Math.max(min, Math.min(1, max)) : min + Math.floor(rng() * (Math.min(max, min + 3) - min + 1));
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  const items = isObject(schema.items) ? schema.items : {};
  return Array.from({ length: count }, (_v, i) => {
    const item = valueFor(prefix[i] ?? items, mode === "minimal" ? "minimal" : "full", rng, depth + 1);
    // uniqueItems: plain strings and numbers get the index mixed in; ajv judges anything still repeated.
    if (schema.uniqueItems !== true || i === 0 || Array.isArray(items.enum) || items.format) return item;
    if (typeof item === "string") return `${item}${i}`;
    if (typeof item === "number") return item + i * (num(items.multipleOf) ?? 1);
    return item;
  });
}

function numberValue(schema: JsonSchema, mode: Mode, rng: Rng): number {
  const integer = primaryType(schema) === "integer";
  // Values are whole multiples of the step, between the first and last multiple the bounds allow.
  const step = num(schema.multipleOf) ?? (integer ? 1 : 0.01);
  const [low, lowOpen] = num(schema.minimum) !== undefined ? [num(schema.minimum)!, false] : [num(schema.exclusiveMinimum), true];
  const [high, highOpen] = num(schema.maximum) !== undefined ? [num(schema.maximum)!, false] : [num(schema.exclusiveMaximum), true];
  let first = low === undefined ? Math.ceil((high !== undefined ? Math.min(high, 1) : 1) / step) : Math.ceil(low / step - 1e-9);
  if (low !== undefined && lowOpen && first * step <= low) first++;
  let last = high === undefined ? first + 1000 : Math.floor(high / step + 1e-9);
  if (high !== undefined && highOpen && last * step >= high) last--;
  if (high !== undefined && low === undefined && first > last) first = last;
  const k = mode === "full" && last > first ? first + Math.floor(rng() * (Math.min(last - first, 1000) + 1)) : first;
  const value = k * step;
  return integer ? Math.round(value) : Math.round(value * 1e9) / 1e9;
}

const FORMATS: Record<string, (rng: Rng) => string> = {
  "date-time": (rng) => `2024-0${1 + Math.floor(rng() * 9)}-1${Math.floor(rng() * 9)}T12:00:00Z`,
  date: (rng) => `2024-0${1 + Math.floor(rng() * 9)}-1${Math.floor(rng() * 9)}`,
  time: () => "12:00:00Z",
  email: (rng) => `user${Math.floor(rng() * 1000)}@example.com`,
  uri: (rng) => `https://example.com/${Math.floor(rng() * 1000)}`,
  url: (rng) => `https://example.com/${Math.floor(rng() * 1000)}`,
  "uri-reference": () => "/example",
  hostname: () => "example.com",
  ipv4: () => "192.0.2.1",
  ipv6: () => "2001:db8::1",
  uuid: (rng) => "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, () => Math.floor(rng() * 16).toString(16)),
  byte: () => "dG1pbnVz",
};

function stringValue(schema: JsonSchema, mode: Mode, rng: Rng): string {
  const format = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
  if (format) return format(rng);
  if (typeof schema.pattern === "string") {
    const matching = fromPattern(schema.pattern, mode !== "full", rng, num(schema.minLength) ?? 0, num(schema.maxLength) ?? Infinity);
    if (matching !== undefined) return matching;
  }
  const min = num(schema.minLength) ?? 0;
  const max = num(schema.maxLength) ?? Math.max(min, 24);
  const length = mode === "full" ? Math.min(max, min + 1 + Math.floor(rng() * 12)) : Math.min(max, Math.max(min, 1));
  const alphabet = "abcdefghijklmnopqrstuvwxyz";
  let out = "";
  for (let i = 0; i < length; i++) out += mode === "full" ? alphabet[Math.floor(rng() * alphabet.length)] : "a";
  return out;
}

type PatternNode = { choices?: string[]; alternatives?: PatternNode[][]; min: number; max: number };

/**
 * A string matching a simple pattern: anchors, literals, classes with ranges, \d \w \s, ".", groups with "|" and
 * quantifiers. That covers slugs, codes and ids; anything else (negated classes, lookarounds, back-references)
 * returns undefined and the caller falls back to plain letters, which the document then judges.
 */
function fromPattern(pattern: string, minimal: boolean, rng: Rng, minLength: number, maxLength: number): string | undefined {
  let regex: RegExp;
  let tree: PatternNode[][];
  try {
    regex = new RegExp(pattern, "u");
    tree = parsePattern(pattern);
  } catch {
    return undefined;
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const text = emit(tree, minimal && attempt === 0, rng);
    if (regex.test(text) && text.length >= minLength && text.length <= maxLength) return text;
  }
  return undefined;
}

const DIGITS = "0123456789".split("");
const WORD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_".split("");

function parsePattern(p: string): PatternNode[][] {
  let i = 0;
  const unsupported = (): never => {
    throw new Error(`unsupported pattern at ${i}`);
  };
  const escape = (c: string): string[] => (c === "d" ? DIGITS : c === "w" ? WORD : c === "s" ? [" "] : /[A-Za-z]/.test(c) ? unsupported() : [c]);
  const klass = (): string[] => {
    if (p[i] === "^") unsupported();
    const out: string[] = [];
    while (i < p.length && p[i] !== "]") {
      const c = p[i] === "\\" ? (i++, escape(p[i++])) : [p[i++]];
      if (p[i] === "-" && p[i + 1] !== "]" && c.length === 1) {
        const end = p[i + 1] === "\\" ? unsupported() : p[i + 1];
        i += 2;
        for (let code = c[0].charCodeAt(0); code <= end.charCodeAt(0); code++) out.push(String.fromCharCode(code));
      } else out.push(...c);
    }
    if (p[i++] !== "]" || !out.length) unsupported();
    return out;
  };
  const quantifier = (): [number, number] => {
    const c = p[i];
    let q: [number, number] = [1, 1];
    if (c === "?") q = [0, 1];
    else if (c === "*") q = [0, Infinity];
    else if (c === "+") q = [1, Infinity];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
      if (!m) unsupported();
      i += m![0].length - 1;
      q = [Number(m![1]), m![2] === undefined ? Number(m![1]) : m![3] ? Number(m![3]) : Infinity];
    } else return q;
    i++;
    if (p[i] === "?") i++;
    return q;
  };
  const atom = (): PatternNode => {
    const c = p[i++];
    if (c === "^" || c === "$") return { choices: [""], min: 1, max: 1 };
    if (c === "(") {
      if (p[i] === "?") {
        if (p[i + 1] !== ":") unsupported();
        i += 2;
      }
      const alternatives = sequence();
      if (p[i++] !== ")") unsupported();
      return { alternatives, ...bounds(quantifier()) };
    }
    const choices = c === "[" ? klass() : c === "\\" ? escape(p[i++]) : c === "." ? ["a"] : "*+?{".includes(c) ? unsupported() : [c];
    return { choices, ...bounds(quantifier()) };
  };
  const bounds = ([min, max]: [number, number]) => ({ min, max });
  const sequence = (): PatternNode[][] => {
    const alternatives: PatternNode[][] = [[]];
    while (i < p.length && p[i] !== ")") {
      if (p[i] === "|") {
        i++;
        alternatives.push([]);
      } else alternatives[alternatives.length - 1].push(atom());
    }
    return alternatives;
  };
  const tree = sequence();
  if (i < p.length) unsupported();
  return tree;
}

function emit(alternatives: PatternNode[][], minimal: boolean, rng: Rng): string {
  const nodes = minimal ? alternatives[0] : pick(alternatives, rng);
  let out = "";
  for (const node of nodes) {
    const count = minimal ? node.min : node.min + Math.floor(rng() * (Math.min(node.max, node.min + 4) - node.min + 1));
    for (let k = 0; k < count; k++) out += node.alternatives ? emit(node.alternatives, minimal, rng) : minimal ? node.choices![0] : pick(node.choices!, rng);
  }
  return out;
}

// ---- Mutations ----

/** A value of another JSON type than the schema's; for parameters, text that does not parse as the type. */
function wrongTypeValue(schema: JsonSchema, asText: boolean): unknown {
  const type = primaryType(flatten(schema));
  if (type === undefined) return undefined;
  if (type === "string") return asText ? undefined : 12345;
  if (type === "integer" || type === "number") return "not-a-number";
  if (type === "boolean") return "not-a-boolean";
  if (type === "array") return asText ? undefined : "not-an-array";
  if (type === "object") return asText ? undefined : "not-an-object";
  return "tminus";
}

function describeType(v: unknown): string {
  const t = jsonType(v);
  return t === "integer" ? "a number" : t === "array" || t === "object" ? `an ${t}` : `a ${t}`;
}

function boundaryValues(raw: JsonSchema): [string, unknown][] {
  const schema = flatten(raw);
  const type = primaryType(schema);
  const out: [string, unknown][] = [];
  if (type === "integer" || type === "number") {
    const min = num(schema.minimum);
    const max = num(schema.maximum);
    if (min !== undefined) out.push([`= minimum-1 (${min - 1})`, min - 1]);
    if (num(schema.exclusiveMinimum) !== undefined) out.push([`= exclusiveMinimum (${schema.exclusiveMinimum})`, schema.exclusiveMinimum]);
    if (max !== undefined) out.push([`= maximum+1 (${max + 1})`, max + 1]);
    if (num(schema.exclusiveMaximum) !== undefined) out.push([`= exclusiveMaximum (${schema.exclusiveMaximum})`, schema.exclusiveMaximum]);
    out.push(["= a huge number (1e21)", 1e21], ["negative (-1)", -1]);
    if (type === "integer") out.push(["= a fraction (1.5)", 1.5]);
  } else if (type === "string") {
    const min = num(schema.minLength);
    const max = num(schema.maxLength);
    if (min !== undefined && min > 1) out.push([`at minLength-1 (${min - 1} characters)`, "a".repeat(min - 1)]);
    if (max !== undefined) out.push([`at maxLength+1 (${max + 1} characters)`, "a".repeat(max + 1)]);
    if (Array.isArray(schema.enum)) out.push(["outside the enum", "tminus-not-in-enum"]);
    if (typeof schema.format === "string") out.push([`not a ${schema.format}`, `not-a-${schema.format}`]);
    if (typeof schema.pattern === "string") out.push(["not matching the pattern", "~!tminus!~"]);
    out.push(["empty", ""]);
  } else if (type === "array") {
    const min = num(schema.minItems);
    const max = num(schema.maxItems);
    const item = valueFor(schema.items, "minimal", () => 0);
    if (min !== undefined && min > 0) out.push([`with ${min - 1} items (minItems ${min})`, Array(min - 1).fill(item)]);
    if (max !== undefined && max < 1000) out.push([`with ${max + 1} items (maxItems ${max})`, Array(max + 1).fill(item)]);
  }
  return out;
}

type Field = { path: string[]; schema: JsonSchema; value: unknown };

/** The body's fields that a value is present for, outermost first, to a fixed depth. */
function fieldsOf(raw: unknown, value: unknown, path: string[], depth: number): Field[] {
  if (!isObject(raw)) return [];
  const schema = flatten(raw);
  const own: Field = { path, schema, value };
  if (depth >= MUTATION_DEPTH || !isObject(value)) return [own];
  const props = isObject(schema.properties) ? schema.properties : {};
  const children = Object.keys(value).flatMap((name) => fieldsOf(props[name], value[name], [...path, name], depth + 1));
  return [own, ...children];
}

const requiredOf = (schema: JsonSchema): string[] => (Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : []);

/** A copy of `root` with the value at `path` replaced (undefined removes the key). */
function setAt(root: unknown, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const obj = isObject(root) ? { ...root } : {};
  const next = setAt(obj[head], rest, value);
  if (next === undefined) delete obj[head];
  else obj[head] = next;
  return obj;
}

// ---- Wire formats ----

function contentTypeOf(media: string): string {
  const bare = media.split(";")[0].trim();
  return bare === "*/*" ? "application/json" : bare;
}

function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

const listText = (value: unknown): string[] => (Array.isArray(value) ? value.map(scalarText) : [scalarText(value)]);

function encodeBody(value: unknown, media: string): string {
  if (isJsonMedia(media)) return JSON.stringify(value);
  const params = new URLSearchParams();
  if (isObject(value)) for (const [k, v] of Object.entries(value)) for (const text of listText(v)) params.append(k, text);
  else params.append("value", scalarText(value));
  return params.toString();
}

/** What a server can read back from a form body, typed by the schema, for the validity verdict. */
function decodeForm(text: string, raw: JsonSchema): unknown {
  const schema = flatten(raw);
  const props = isObject(schema.properties) ? schema.properties : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prop = isObject(props[k]) ? props[k] : {};
    const typed = coerceParam(v, prop);
    out[k] = primaryType(prop) === "array" ? [...((out[k] as unknown[]) ?? []), ...(Array.isArray(typed) ? typed : [typed])] : typed;
  }
  return out;
}

/** Parameters arrive as text: the value a server would parse from it, for the validity verdict. */
function coerceParam(value: unknown, raw: JsonSchema): unknown {
  const schema = flatten(raw);
  const type = primaryType(schema);
  if (Array.isArray(value)) return value.map((v) => coerceParam(v, isObject(schema.items) ? schema.items : {}));
  const text = scalarText(value);
  if (type === "array") return [coerceParam(text, isObject(schema.items) ? schema.items : {})];
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  if (type === "null" && text === "null") return null;
  return text;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

// ---- Requests and reproducers ----

/** The URL a case is sent to: prefix is origin + the document's base path. */
export function caseUrl(prefix: string, c: FuzzCase): string {
  const query = c.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  return `${prefix.replace(/\/+$/, "")}${c.path}${query ? `?${query}` : ""}`;
}

/** POSIX single quotes: everything literal, a quote closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A command that sends the same request; a padded body is generated and piped, since it would not fit in argv. */
export function curlCommand(url: string, c: FuzzCase): string {
  const parts = ["curl", "-sS", "-i", c.method === "HEAD" ? "-I" : `-X ${c.method}`, shellQuote(url)];
  for (const [name, value] of Object.entries(c.headers)) parts.push("-H", shellQuote(`${name}: ${value}`));
  if (c.padding) {
    const { prefix, fill, count, suffix } = c.padding;
    const generate = `{ printf '%s' ${shellQuote(prefix)}; head -c ${count} /dev/zero | tr '\\0' ${shellQuote(fill)}; printf '%s' ${shellQuote(suffix)}; }`;
    return `${generate} | ${parts.join(" ")} --data-binary @-`;
  }
  if (c.body !== undefined) parts.push("--data-binary", shellQuote(c.body));
  return parts.join(" ");
}
