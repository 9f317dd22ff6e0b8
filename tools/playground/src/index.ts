export {
  type Playground,
  type PlaygroundDeps,
  type PlaygroundOptions,
  NAMESPACE,
  startPlayground,
} from "./playground.js";
export { defaultPlaygroundDeps } from "./default-deps.js";
export { runKubectl, type KubectlIo } from "./kubectl/run.js";
export {
  parseKubectlArgs,
  UsageError as KubectlUsageError,
  USAGE as KUBECTL_USAGE,
} from "./kubectl/args.js";
export type { Command, CommandOutput, Source } from "./kubectl/command.js";
export { parseLaunchArgs, USAGE as LAUNCH_USAGE } from "./launcher/options.js";
export { walkTo, localCommand } from "./launcher/walk.js";
export { Refused } from "./errors.js";
