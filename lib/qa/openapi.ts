import Ajv2020, { type ErrorObject } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { guardedFetch, GuardedFetchError, type LookupFn } from "@/lib/net/guarded-fetch";
import type { NetworkPolicy } from "@/lib/net/policy";

// Reads an OpenAPI 3.0/3.1 document into the few facts the fuzz engine needs: operations, their parameters, request
// body, documented responses and whether they are secured. Only local "#/..." references are followed: a document
// that points at other files is read as far as it can be, with a warning, rather than fetching more URLs.

export type JsonSchema = Record<string, unknown>;
export type HttpMethod = "GET" | "HEAD" | "OPTIONS" | "POST" | "PUT" | "PATCH" | "DELETE" | "TRACE";

export type ApiParameter = {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: JsonSchema;
  /** From the parameter, its examples map, then its schema. */
  examples: unknown[];
};

export type ApiBody = {
  required: boolean;
  /** Every media type the operation accepts. */
  mediaTypes: string[];
  /** The one cases are built for: JSON first, then form; undefined when none of them can be built. */
  mediaType?: string;
  schema: JsonSchema;
  examples: unknown[];
};

export type ApiResponse = {
  /** As written: "200", "4XX" or "default". */
  status: string;
  mediaTypes: string[];
  /** The schema of its JSON body, when it documents one. */
  schema?: JsonSchema;
};

export type AuthScheme = { type: string; scheme?: string; name?: string; in?: string };

export type ApiOperation = {
  /** "POST /api/items": how people name it in settings and how findings are located. */
  id: string;
  method: HttpMethod;
  /** The template as documented: "/api/items/{id}". */
  path: string;
  operationId?: string;
  parameters: ApiParameter[];
  body?: ApiBody;
  responses: ApiResponse[];
  /** True when a credential is required: operation security, else global security; [] or a {} entry is public. */
  secured: boolean;
  /** The schemes of the first requirement, to build an invalid credential of the right shape. */
  auth: AuthScheme[];
};

export type ApiDocument = {
  openapi: string;
  title: string;
  /** The URL the document was read from. */
  source: string;
  /** Prefix for every operation path on the target: the base URL's path plus the first server's path. */
  basePath: string;
  operations: ApiOperation[];
  /** Things read around (external $refs, cookie parameters, another server origin), said once each. */
  warnings: string[];
};

export type LoadResult = { ok: true; doc: ApiDocument } | { ok: false; reason: string };

export type LoadOptions = {
  baseUrl: string;
  /** A path on the target ("/openapi.json") or an absolute URL with the target's origin. */
  location: string;
  policy: NetworkPolicy;
  lookup?: LookupFn;
  signal?: AbortSignal;
  timeoutMs?: number;
};

const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Joins the base URL (which may carry a path) and a path on the target. */
export function targetUrl(baseUrl: string, path: string): string {
  const base = new URL(baseUrl);
  return `${base.origin}${base.pathname.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/** Where the document lives; null (with the reason) when it is not on the target. */
export function documentUrl(baseUrl: string, location: string): { url: string } | { reason: string } {
  if (!/^https?:\/\//i.test(location)) return { url: targetUrl(baseUrl, location) };
  const url = new URL(location);
  const origin = new URL(baseUrl).origin;
  if (url.origin !== origin) return { reason: `The OpenAPI document must be on the target (${origin}), not ${url.origin}.` };
  return { url: url.toString() };
}

export async function loadOpenApi(options: LoadOptions): Promise<LoadResult> {
  const where = documentUrl(options.baseUrl, options.location);
  if ("reason" in where) return { ok: false, reason: where.reason };
  const name = new URL(where.url).pathname.split("/").pop() || where.url;
  let text: string;
  let contentType: string;
  try {
    const res = await guardedFetch(where.url, {
      policy: options.policy,
      lookup: options.lookup,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      maxBodyBytes: MAX_DOCUMENT_BYTES,
      headers: { accept: "application/json, application/yaml;q=0.9, */*;q=0.5" },
    });
    if (res.status !== 200) return { ok: false, reason: `GET ${where.url} answered ${res.status}, not the OpenAPI document.` };
    if (res.truncated) return { ok: false, reason: `${name} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB; T-Minus reads documents up to that size.` };
    text = res.text();
    contentType = String(res.headers["content-type"] ?? "");
  } catch (error) {
    const message = error instanceof GuardedFetchError ? error.message : String(error);
    return { ok: false, reason: `Could not read the OpenAPI document at ${where.url}: ${message}` };
  }
  return parseOpenApi(text, { name, source: where.url, baseUrl: options.baseUrl, contentType });
}

type ParseOptions = { name: string; source: string; baseUrl: string; contentType?: string };

export function parseOpenApi(text: string, options: ParseOptions): LoadResult {
  const parsed = parseText(text, options);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  if (!isObject(root)) return { ok: false, reason: `${options.name} is not an OpenAPI document: its top level is not an object.` };
  const version = typeof root.openapi === "string" ? root.openapi : "";
  if (!/^3\.[01]\./.test(version)) {
    const found = version || (typeof root.swagger === "string" ? `swagger ${root.swagger}` : "none");
    return { ok: false, reason: `${options.name} is not an OpenAPI 3.0 or 3.1 document (openapi: ${found}); T-Minus reads 3.0 and 3.1.` };
  }
  if (!isObject(root.paths)) return { ok: false, reason: `${options.name} has no "paths" object, so it lists no operations.` };
  const warnings = new Set<string>();
  const resolver = new RefResolver(root, version.startsWith("3.0"), warnings);
  const operations = readOperations(root, resolver, warnings);
  if (!operations.length) return { ok: false, reason: `${options.name} lists no operations under "paths".` };
  const info = isObject(root.info) ? root.info : {};
  return {
    ok: true,
    doc: {
      openapi: version,
      title: typeof info.title === "string" ? info.title : options.name,
      source: options.source,
      basePath: basePath(options.baseUrl, root.servers, warnings),
      operations,
      warnings: [...warnings],
    },
  };
}

function parseText(text: string, options: ParseOptions): { ok: true; value: unknown } | { ok: false; reason: string } {
  const yamlish = /ya?ml/i.test(options.contentType ?? "") || /\.ya?ml$/i.test(options.name) || !/^\s*[{[]/.test(text);
  if (yamlish) {
    try {
      return { ok: true, value: parseYaml(text, { maxAliasCount: 1000 }) };
    } catch (error) {
      if (error instanceof YAMLParseError && error.linePos) {
        const first = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        return { ok: false, reason: `${options.name} line ${error.linePos[0].line}: ${first} (YAML).` };
      }
      return { ok: false, reason: `${options.name} is not valid YAML: ${(error as Error).message}` };
    }
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const { line, column } = lineColumn(text, offset);
    // V8 appends the position, or quotes the start of the text ("Unexpected token '}', "{ ..." is not valid JSON").
    const what = (error as Error).message.replace(/ in JSON at position \d+.*$/s, "").replace(/, (\.\.\.)?".*$/s, "");
    return { ok: false, reason: `${options.name} line ${line} column ${column}: ${what.length > 120 || what.includes("\n") ? "invalid JSON" : what}.` };
  }
}

function lineColumn(text: string, offset: number) {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * Where JSON.parse gave up. Node's messages carry a position only for some errors ("Unexpected token '}', ... is
 * not valid JSON" has none), so a small scanner finds the offset of the first character that cannot continue.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") return container("}", true);
    if (c === "[") return container("]", false);
    if (c === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) fail();
    i += literal![0].length;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const container = (close: string, keyed: boolean) => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      if (keyed) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
      }
      value();
      ws();
      if (text[i] === ",") i++;
      else if (text[i] === close) return void i++;
      else fail();
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return Math.min(at as number, text.length);
  }
}

function basePath(baseUrl: string, servers: unknown, warnings: Set<string>): string {
  const base = new URL(baseUrl).pathname.replace(/\/+$/, "");
  const first = Array.isArray(servers) && isObject(servers[0]) ? servers[0] : undefined;
  if (!first || typeof first.url !== "string") return base;
  const variables = isObject(first.variables) ? first.variables : {};
  const url = first.url.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = variables[name];
    return isObject(v) && v.default !== undefined ? String(v.default) : "";
  });
  let path = url;
  if (/^[a-z]+:\/\//i.test(url)) {
    const server = new URL(url);
    if (server.origin !== new URL(baseUrl).origin) {
      warnings.add(`The document's server ${server.origin} is not the target; its path (${server.pathname}) is used on the target.`);
    }
    path = server.pathname;
  }
  return `${base}${path.replace(/\/+$/, "")}`.replace(/^(?!\/)/, "/").replace(/^\/$/, "");
}

function readOperations(root: Record<string, unknown>, resolver: RefResolver, warnings: Set<string>): ApiOperation[] {
  const operations: ApiOperation[] = [];
  const globalSecurity = root.security;
  const schemes = isObject(root.components) && isObject(root.components.securitySchemes) ? root.components.securitySchemes : {};
  for (const [path, rawItem] of Object.entries(root.paths as Record<string, unknown>)) {
    const item = resolver.resolve(rawItem);
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = resolver.resolve(item[method]);
      if (!isObject(op)) continue;
      const security = op.security !== undefined ? op.security : globalSecurity;
      const upper = method.toUpperCase() as HttpMethod;
      operations.push({
        id: `${upper} ${path}`,
        method: upper,
        path,
        operationId: typeof op.operationId === "string" ? op.operationId : undefined,
        parameters: readParameters([...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])], resolver, warnings),
        body: readBody(op.requestBody, resolver),
        responses: readResponses(op.responses, resolver),
        secured: isSecured(security),
        auth: authSchemes(security, schemes, resolver),
      });
    }
  }
  return operations;
}

function readParameters(raw: unknown[], resolver: RefResolver, warnings: Set<string>): ApiParameter[] {
  const byKey = new Map<string, ApiParameter>();
  for (const entry of raw) {
    const p = resolver.resolve(entry);
    if (!isObject(p) || typeof p.name !== "string" || typeof p.in !== "string") continue;
    if (p.in === "cookie") warnings.add(`Cookie parameters are not sent (${p.name}).`);
    // Accept, Content-Type and Authorization header parameters are ignored by the specification itself.
    if (p.in === "header" && /^(accept|content-type|authorization)$/i.test(p.name)) continue;
    const media = isObject(p.content) ? Object.values(p.content).find(isObject) : undefined;
    const schema = resolver.schema(p.schema ?? media?.schema);
    const examples = [p.example, ...exampleValues(p.examples, resolver), ...schemaExamples(schema)].filter((v) => v !== undefined);
    // Operation-level parameters override path-level ones with the same name and location.
    byKey.set(`${p.in}:${p.name}`, { name: p.name, in: p.in as ApiParameter["in"], required: p.in === "path" || p.required === true, schema, examples });
  }
  return [...byKey.values()];
}

function readBody(raw: unknown, resolver: RefResolver): ApiBody | undefined {
  const body = resolver.resolve(raw);
  if (!isObject(body) || !isObject(body.content)) return undefined;
  const mediaTypes = Object.keys(body.content);
  const mediaType = mediaTypes.find(isJsonMedia) ?? mediaTypes.find((m) => m.startsWith("application/x-www-form-urlencoded"));
  const media = mediaType ? body.content[mediaType] : undefined;
  const content = isObject(media) ? media : {};
  const schema = resolver.schema(content.schema, "request");
  return {
    required: body.required === true,
    mediaTypes,
    mediaType,
    schema,
    examples: [content.example, ...exampleValues(content.examples, resolver), ...schemaExamples(schema)].filter((v) => v !== undefined),
  };
}

function readResponses(raw: unknown, resolver: RefResolver): ApiResponse[] {
  const responses = resolver.resolve(raw);
  if (!isObject(responses)) return [];
  return Object.entries(responses).map(([status, value]) => {
    const response = resolver.resolve(value);
    const content = isObject(response) && isObject(response.content) ? response.content : {};
    const mediaTypes = Object.keys(content);
    const json = mediaTypes.find(isJsonMedia);
    const media = json ? content[json] : undefined;
    const schema = isObject(media) && media.schema !== undefined ? resolver.schema(media.schema, "response") : undefined;
    return { status: status.toUpperCase(), mediaTypes, schema };
  });
}

function isSecured(security: unknown): boolean {
  if (!Array.isArray(security) || security.length === 0) return false;
  // A {} requirement means "or anonymously", so the operation is public.
  return !security.some((requirement) => isObject(requirement) && Object.keys(requirement).length === 0);
}

function authSchemes(security: unknown, schemes: Record<string, unknown>, resolver: RefResolver): AuthScheme[] {
  if (!isSecured(security)) return [];
  const first = (security as unknown[]).find(isObject) ?? {};
  return Object.keys(first).flatMap((name) => {
    const scheme = resolver.resolve(schemes[name]);
    if (!isObject(scheme) || typeof scheme.type !== "string") return [];
    return [{ type: scheme.type, scheme: str(scheme.scheme), name: str(scheme.name), in: str(scheme.in) }];
  });
}

/** The documented response for a status: exact, then its class ("4XX"), then default. */
export function findResponse(op: ApiOperation, status: number): ApiResponse | undefined {
  const exact = op.responses.find((r) => r.status === String(status));
  return exact ?? op.responses.find((r) => r.status === `${Math.floor(status / 100)}XX`) ?? op.responses.find((r) => r.status === "DEFAULT");
}

export const isJsonMedia = (media: string) => /^application\/([\w.+-]*\+)?json\b/i.test(media.trim()) || media.trim() === "*/*";

function exampleValues(examples: unknown, resolver: RefResolver): unknown[] {
  if (!isObject(examples)) return [];
  return Object.values(examples).map((e) => {
    const example = resolver.resolve(e);
    return isObject(example) ? example.value : undefined;
  });
}

export function schemaExamples(schema: unknown): unknown[] {
  if (!isObject(schema)) return [];
  return [schema.example, ...(Array.isArray(schema.examples) ? schema.examples : [])].filter((v) => v !== undefined);
}

/**
 * Inlines local references. A reference met again while it is being resolved (a tree of comments, say) is cut to
 * {} at that point, which any value matches: schemas stay finite and acyclic, which ajv and the generator need.
 */
class RefResolver {
  private done = new Map<string, unknown>();
  private active = new Set<string>();
  private nodes = 0;

  constructor(
    private root: Record<string, unknown>,
    private openapi30: boolean,
    private warnings: Set<string>,
  ) {}

  /** A non-schema object ($ref on parameters, responses, request bodies, path items). */
  resolve(value: unknown): unknown {
    for (let hops = 0; isObject(value) && typeof value.$ref === "string" && hops < 20; hops++) {
      const target = this.pointer(value.$ref);
      if (target === undefined) return undefined;
      value = target;
    }
    return value;
  }

  /** A schema with every local reference inlined, in JSON Schema 2020-12 terms, seen from one side of the wire. */
  schema(value: unknown, side?: "request" | "response"): JsonSchema {
    const inlined = this.inline(value);
    const normalised = isObject(inlined) ? normalise(inlined, this.openapi30) : inlined === false ? { not: {} } : {};
    return side ? hideOtherSide(normalised, side) : normalised;
  }

  private inline(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.inline(v));
    if (!isObject(value)) return value;
    if (++this.nodes > MAX_SCHEMA_NODES) {
      this.warnings.add(`The document's schemas are too large to read whole; parts beyond ${MAX_SCHEMA_NODES} nodes accept any value.`);
      return {};
    }
    if (typeof value.$ref === "string") {
      const { $ref: ref, ...siblings } = value;
      const resolved = this.inlineRef(ref as string);
      const extra = Object.keys(siblings).filter((k) => !["description", "summary"].includes(k));
      // In 3.1 a $ref's siblings apply too; allOf keeps both without merging keywords by hand.
      return extra.length ? { allOf: [resolved], ...this.inlineEntries(siblings) } : resolved;
    }
    return this.inlineEntries(value);
  }

  private inlineEntries(value: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (DATA_KEYS.has(key)) out[key] = v;
      else if (MAP_KEYS.has(key) && isObject(v)) out[key] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, this.inline(s)]));
      else out[key] = this.inline(v);
    }
    return out;
  }

  private inlineRef(ref: string): unknown {
    if (this.done.has(ref)) return this.done.get(ref);
    if (this.active.has(ref)) return {};
    const target = this.pointer(ref);
    if (target === undefined) return {};
    this.active.add(ref);
    const result = this.inline(target);
    this.active.delete(ref);
    this.done.set(ref, result);
    return result;
  }

  private pointer(ref: string): unknown {
    if (!ref.startsWith("#/")) {
      this.warnings.add(`References to other documents are not followed (${ref}); those parts accept any value.`);
      return undefined;
    }
    let node: unknown = this.root;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      if (!isObject(node) && !Array.isArray(node)) node = undefined;
      else node = (node as Record<string, unknown>)[key];
      if (node === undefined) {
        this.warnings.add(`The reference ${ref} points at nothing; that part accepts any value.`);
        return undefined;
      }
    }
    return node;
  }
}

// Keys whose values are data (never walked as schemas) and keys whose values map names to schemas.
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const"]);
const MAP_KEYS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
const MAX_SCHEMA_NODES = 50_000;

/**
 * A post-order copy of a schema tree with `visit` applied to each object. Memoised by identity: a schema shared by
 * many references stays shared, so a document that reuses components heavily does not grow exponentially.
 */
function mapSchema(root: unknown, visit: (node: Record<string, unknown>) => Record<string, unknown>): unknown {
  const memo = new Map<object, unknown>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    if (memo.has(node)) return memo.get(node);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYS.has(key)) out[key] = value;
      else if (MAP_KEYS.has(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
      else out[key] = walk(value);
    }
    const result = visit(out);
    memo.set(node, result);
    return result;
  };
  return walk(root);
}

/** OpenAPI 3.0's schema dialect into JSON Schema 2020-12: nullable, boolean exclusive bounds. */
function normalise(schema: Record<string, unknown>, openapi30: boolean): JsonSchema {
  if (!openapi30) return schema;
  return mapSchema(schema, (out) => {
    if (out.nullable === true) {
      if (typeof out.type === "string") out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
    delete out.nullable;
    for (const [flag, bound] of [
      ["exclusiveMinimum", "minimum"],
      ["exclusiveMaximum", "maximum"],
    ] as const) {
      if (out[flag] === true && typeof out[bound] === "number") {
        out[flag] = out[bound];
        delete out[bound];
      } else if (typeof out[flag] === "boolean") delete out[flag];
    }
    return out;
  }) as JsonSchema;
}

/**
 * readOnly properties are never sent and writeOnly ones never come back: each side's schema drops the other side's
 * properties (from properties and required), as the specification says.
 */
function hideOtherSide(schema: JsonSchema, side: "request" | "response"): JsonSchema {
  const hidden = side === "request" ? "readOnly" : "writeOnly";
  return mapSchema(schema, (out) => {
    if (!isObject(out.properties)) return out;
    const props = out.properties;
    const gone = Object.keys(props).filter((k) => isObject(props[k]) && props[k][hidden] === true);
    if (!gone.length) return out;
    out.properties = Object.fromEntries(Object.entries(props).filter(([k]) => !gone.includes(k)));
    if (Array.isArray(out.required)) out.required = out.required.filter((k) => !gone.includes(k as string));
    return out;
  }) as JsonSchema;
}

export type SchemaCheck = (value: unknown) => ErrorObject[] | null;

/**
 * One ajv per run (ajv caches every schema it compiles, so a module-wide instance would grow in a long-lived worker).
 * Returns null for a schema ajv cannot compile: the document is at fault, and nothing is judged against it.
 */
export function createSchemaChecker(): (schema: JsonSchema) => SchemaCheck | null {
  // multipleOfPrecision: 0.3 is a multiple of 0.1 for people, not for floating point.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false, multipleOfPrecision: 9 });
  addFormats(ajv);
  // OpenAPI's own formats: numeric widths are checked, the rest are descriptions.
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  for (const name of ["float", "double"]) ajv.addFormat(name, { type: "number", validate: () => true });
  for (const name of ["byte", "binary", "password"]) ajv.addFormat(name, () => true);
  const cache = new WeakMap<JsonSchema, SchemaCheck | null>();
  return (schema) => {
    if (cache.has(schema)) return cache.get(schema)!;
    let check: SchemaCheck | null = null;
    try {
      const validate = ajv.compile(schema);
      check = (value) => (validate(value) ? null : [...(validate.errors ?? [])]);
    } catch {
      check = null;
    }
    cache.set(schema, check);
    return check;
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
