import { z } from "zod";

// Bad-input hammering settings (the engine is lib/qa/engines/fuzz.ts), apart from it so the web can check them.

const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;

const int = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(min, `${field} must be ${min} to ${max}`)
    .max(max, `${field} must be ${min} to ${max}`);
const rate = (field: string) => z.number({ error: `${field} must be a number` }).min(0, `${field} must be 0 to 1`).max(1, `${field} must be 0 to 1`);
const operationFilter = z
  .string({ error: "operations filters must be text" })
  .trim()
  .max(300, "operations filters must be at most 300 characters")
  .regex(/^((GET|HEAD|OPTIONS|POST|PUT|PATCH|DELETE|TRACE) +)?\/\S*$/i, 'operations filters look like "POST /api/items", "/api/items" or "GET /api/*"');
const pagePath = z
  .string({ error: "pages must be paths" })
  .trim()
  .max(2000, "pages must be at most 2000 characters")
  .regex(/^\/\S*$/, 'pages must be paths on the target starting with "/"');

export const fuzzSettings = z
  .object({
    openapiPath: z
      .string({ error: "openapiPath must be text" })
      .trim()
      .max(2000, "openapiPath must be at most 2000 characters")
      .regex(/^(\/\S*|https?:\/\/\S+)$/i, 'openapiPath must be a path starting with "/" or an http(s) URL on the target')
      .default("/openapi.json"),
    operations: z
      .object({
        include: z.array(operationFilter).max(200, "operations.include takes at most 200 filters").default([]),
        exclude: z.array(operationFilter).max(200, "operations.exclude takes at most 200 filters").default([]),
      })
      .strict()
      .prefault({}),
    methods: z
      .array(z.enum(METHODS, { error: `methods must be among ${METHODS.join(", ")}` }))
      .min(1, "methods must name at least one method")
      .default([...METHODS]),
    /** POST/PUT/PATCH/DELETE write data on the target: off unless the user opts in. */
    allowUnsafeMethods: z.boolean({ error: "allowUnsafeMethods must be true or false" }).default(false),
    casesPerOperation: int("casesPerOperation", 1, 500).default(40),
    concurrency: int("concurrency", 1, 16).default(4),
    seed: int("seed", 0, 2 ** 31 - 1).default(1),
    mode: z.enum(["inputs", "faults"], { error: 'mode must be "inputs" or "faults"' }).default("inputs"),
    /** Faults mode: pages sent through the proxy with the valid GETs, and checked directly afterwards. */
    pages: z.array(pagePath).min(1, "pages must list at least one path").max(20, "pages takes at most 20 paths").default(["/"]),
    requestTimeoutMs: int("requestTimeoutMs", 1000, 60_000).default(10_000),
    /** The largest request body sent; the oversized-body case is built up to it. */
    maxBodyBytes: int("maxBodyBytes", 1024, 4 * 1024 * 1024).default(1024 * 1024),
    faults: z
      .object({
        latencyMs: int("faults.latencyMs", 0, 10_000).default(200),
        latencyJitterMs: int("faults.latencyJitterMs", 0, 5_000).default(100),
        resetRate: rate("faults.resetRate").default(0.2),
        truncateRate: rate("faults.truncateRate").default(0.2),
        rounds: int("faults.rounds", 1, 20).default(3),
      })
      .strict()
      .refine((f) => f.resetRate + f.truncateRate <= 1, { message: "faults.resetRate plus faults.truncateRate must be at most 1", path: ["truncateRate"] })
      .prefault({}),
  })
  .strict();

export type TFuzzSettings = z.output<typeof fuzzSettings>;
