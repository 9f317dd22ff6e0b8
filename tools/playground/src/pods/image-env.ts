import { imageNodeEnv } from "@voting/common/heap";
import type { ServiceName } from "../images.js";
import { SERVICE_IMAGE_DEFAULTS } from "./upstreams.js";

/**
 * What a service container starts with before its manifest's env: the ENV its image sets
 * (production mode, the heap and helper-thread settings the benchmark measured) and the
 * addresses the services fall back on.
 */
export function serviceImageEnv(service: ServiceName): Record<string, string> {
  return { ...imageNodeEnv(service), ...SERVICE_IMAGE_DEFAULTS };
}
