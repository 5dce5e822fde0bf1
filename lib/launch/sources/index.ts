import { registerBindingSource } from "../bindings";
import { checkHealthySource, uptimeSource } from "./uptime";
import { deploymentSucceededSource, rollbackExercisedSource } from "./deployments";
import { qaRunSource } from "./qa";
import { noCriticalFeedbackSource } from "./feedback";
import { runbookPageSource } from "./runbooks";

// Every binding source this instance has. Import this module once in any process that validates or evaluates
// bindings (the launch verbs, the worker); registering twice is harmless (the registry is keyed by kind).

registerBindingSource(uptimeSource);
registerBindingSource(checkHealthySource);
registerBindingSource(deploymentSucceededSource);
registerBindingSource(rollbackExercisedSource);
registerBindingSource(qaRunSource);
registerBindingSource(noCriticalFeedbackSource);
registerBindingSource(runbookPageSource);

export { checkHealthySource, deploymentSucceededSource, noCriticalFeedbackSource, qaRunSource, rollbackExercisedSource, runbookPageSource, uptimeSource };
