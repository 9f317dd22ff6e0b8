export {
  type Playground,
  type PlaygroundDeps,
  type PlaygroundOptions,
  NAMESPACE,
  startPlayground,
} from "./playground.js";
export { defaultPlaygroundDeps } from "./default-deps.js";
export { kubeconfig, writeKubeconfig } from "./kubeconfig.js";
export { runKubectl, KubectlMissing, type KubectlResult } from "./kubectl.js";
export { parseLaunchArgs, USAGE as LAUNCH_USAGE } from "./launcher/options.js";
export { walkTo, kubectlArgs } from "./launcher/walk.js";
export { Refused } from "./errors.js";
