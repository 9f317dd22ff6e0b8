import { SERVICE_IMAGES } from "@voting/devstack";
import type { ServiceName } from "../images.js";
import { SERVICE_IMAGE_DEFAULTS } from "./upstreams.js";

/**
 * What a service container starts with before its manifest's env: the ENV its image sets
 * (devstack's record of the images) and the addresses the services fall back on.
 */
export function serviceImageEnv(service: ServiceName): Record<string, string> {
  return { ...SERVICE_IMAGES[service].env, ...SERVICE_IMAGE_DEFAULTS };
}
