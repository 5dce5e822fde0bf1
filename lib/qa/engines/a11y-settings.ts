import { z } from "zod";

// Settings of the a11y kind (the engine is lib/qa/engines/a11y.ts), apart from the engine so the web can check them.
export const a11ySettings = z.object({}).catchall(z.unknown());
