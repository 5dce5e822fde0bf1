import { z } from "zod";

// Settings of the fuzz kind (the engine is lib/qa/engines/fuzz.ts), apart from the engine so the web can check them.
export const fuzzSettings = z.object({}).catchall(z.unknown());
