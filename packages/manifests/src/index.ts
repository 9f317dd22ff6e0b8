export { REPO_ROOT, loadImageList, loadManifest, manifestFiles } from "./files.js";
export { NAMESPACE, TUTORIAL_WALK, type WalkAction, type WalkState, runWalk } from "./walk.js";
export { validateObject } from "./validate.js";
export { type AnalyzeOptions, analyze } from "./analyze.js";
