export {
  MANIFEST_FOLDERS,
  REPO_ROOT,
  loadImageList,
  loadManifest,
  manifestFiles,
} from "./files.js";
export {
  NAMESPACE,
  TUTORIAL_WALK,
  TUTORIAL_WALKS,
  WALK_VARIANTS,
  type WalkAction,
  type WalkState,
  type WalkVariant,
  runWalk,
} from "./walk.js";
export { validateObject } from "./validate.js";
export { type AnalyzeOptions, analyze } from "./analyze.js";
