import {
  checkDistinctOptions,
  env,
  type Env,
  parseEnv,
  runtimeShape,
  voteOptionsShape,
} from "@voting/common";
import { storeEnvShape } from "@voting/storage/open";
import { ANALYTICS_VERSIONS } from "./versions.js";

export function loadAnalyticsConfig(source: Env) {
  const config = parseEnv(
    {
      ...runtimeShape,
      SERVICE_VERSION: env.choice(ANALYTICS_VERSIONS, "1.0"),
      ...voteOptionsShape,
      ...storeEnvShape,
    },
    source,
  );
  checkDistinctOptions(config);
  return config;
}

export type AnalyticsConfig = ReturnType<typeof loadAnalyticsConfig>;
