/** The services an image can run as on this machine. */
export type ServiceName = "voting-app" | "voting-analytics";

/** What an image runs as on this machine. */
export type ImageRole =
  | {
      readonly kind: "service";
      readonly service: ServiceName;
      readonly version: string;
    }
  | { readonly kind: "store"; readonly store: "redis" | "mysql"; readonly version: string };

export type ImageLookup =
  { readonly ok: true; readonly role: ImageRole } | { readonly ok: false; readonly reason: string };

// A registry prefix (scripts/use-registry.sh) is allowed in front of the project's own names.
const REFERENCE = /^(?:[^@\s]+\/)?(voting\/[a-z0-9-]+)(?::([\w][\w.-]{0,127}))?$/;

// voting-storage is the database itself: the Redis image is tagged 1.0, the MySQL one 2.0
// (scripts/images.txt), and the playground stands in for each with a store of this machine.
const STORE_BY_TAG: Readonly<Record<string, "redis" | "mysql">> = {
  "1.0": "redis",
  "2.0": "mysql",
};

/**
 * Resolves image references against the images the project builds (`scripts/images.txt`), as a
 * registry would: an image that is not there cannot be pulled.
 */
export function createImageCatalog(knownImages: readonly string[]): (image: string) => ImageLookup {
  const known = new Set(knownImages);
  return (image) => {
    const match = REFERENCE.exec(image);
    const name = match?.[1];
    const tag = match?.[2] ?? "latest";
    if (!name || !known.has(`${name}:${tag}`)) {
      return {
        ok: false,
        reason: `image "${image}" is not one the project builds (see scripts/images.txt)`,
      };
    }
    if (name === "voting/voting-storage") {
      const store = STORE_BY_TAG[tag];
      if (!store) return { ok: false, reason: `no local store stands in for ${name}:${tag}` };
      return { ok: true, role: { kind: "store", store, version: tag } };
    }
    if (name === "voting/voting-app" || name === "voting/voting-analytics") {
      const service = name === "voting/voting-app" ? "voting-app" : "voting-analytics";
      return { ok: true, role: { kind: "service", service, version: tag } };
    }
    return { ok: false, reason: `the playground does not know how to run ${name}` };
  };
}
