import { z } from "zod";

// Settings of the links kind (the engine is lib/qa/engines/links.ts), apart from the engine so the web can check them.
export const linksSettings = z.object({}).catchall(z.unknown());
