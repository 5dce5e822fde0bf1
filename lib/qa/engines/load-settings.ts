import { z } from "zod";

// Load test settings (the engine is lib/qa/engines/load.ts). Kept apart from the engine so the web can check them
// without loading the load generator.
export const loadSettings = z.object({
  mode: z.enum(["connections", "rate"]).default("connections"),
  connections: z.number().int().min(1).max(1000).default(10),
  rate: z.number().int().min(1).max(100_000).optional(),
  durationSeconds: z.number().int().min(1).max(600).default(30),
  requests: z.array(z.object({ method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]).default("GET"), path: z.string().startsWith("/") })).min(1).max(20).default([{ method: "GET", path: "/" }]),
  thresholds: z.array(z.string().min(1).max(80)).max(20).default(["p(95)<300", "p(99)<1000", "rate(errors)<0.01"]),
  abortOnFail: z.boolean().default(true),
});
export type TLoadSettings = z.infer<typeof loadSettings>;
