import {
  checkDistinctOptions,
  env,
  type Env,
  parseEnv,
  runtimeShape,
  voteOptionsShape,
} from "@voting/common";
import { storeEnvShape } from "@voting/storage/open";
import { APP_VERSIONS } from "./versions.js";

export function loadAppConfig(source: Env) {
  const config = parseEnv(
    {
      ...runtimeShape,
      SERVICE_VERSION: env.choice(APP_VERSIONS, "1.0"),
      TITLE: env.string("AKS Voting App", 100),
      ...voteOptionsShape,
      SHOWDETAILS: env.boolean(false),
      FEATUREFLAG: env.boolean(false),
      ANALYTICS_HOST: env.string("voting-analytics"),
      ANALYTICS_PORT: env.port(8080),
      // The page waits this long for the results, then renders without them.
      ANALYTICS_TIMEOUT_MS: env.milliseconds(1000),
      ...storeEnvShape,
      // Kubernetes sets HOSTNAME to the pod's name; the local playground sets it per replica.
      HOSTNAME: env.optionalString(),
    },
    source,
  );
  checkDistinctOptions(config);
  return config;
}

export type AppConfig = ReturnType<typeof loadAppConfig>;
