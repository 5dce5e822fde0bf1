import type { SecretBinding } from "../crypto/secrets";

/** Secret headers of a check are sealed to the project and the check's own id (never a target's envelope). */
export const checkBinding = (projectId: string, checkId: string): SecretBinding => ({ projectId, targetId: `check:${checkId}` });
