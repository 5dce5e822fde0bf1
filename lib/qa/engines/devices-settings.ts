import { z } from "zod";

// Settings of the devices kind (the engine is lib/qa/engines/devices.ts), apart from the engine so the web can check them.
export const devicesSettings = z.object({}).catchall(z.unknown());
