import type { StoreKind } from "@voting/storage";

export const APP_VERSIONS = ["1.0", "2.0"] as const;
export type AppVersion = (typeof APP_VERSIONS)[number];

/** What each build of voting-app does: the one place where a version selects its store. */
export const APP_BEHAVIOUR: Record<AppVersion, { store: StoreKind }> = {
  "1.0": { store: "redis" },
  "2.0": { store: "mysql" },
};
