import { z } from "zod";

export const ZEmail = z.string().trim().toLowerCase().pipe(z.email("must be an email address").max(200));
export const ZPassword = z.string().min(10, "must be at least 10 characters").max(200, "must be at most 200 characters");
export const ZName = z.string().trim().min(1, "is required").max(80, "must be at most 80 characters");

export const ZSignIn = z.object({ email: ZEmail, password: z.string().min(1, "is required").max(200) });
export const ZSetup = z.object({ name: ZName, email: ZEmail, password: ZPassword });
