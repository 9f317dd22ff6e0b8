export * from "./metered-store.js";
export * from "./mysql-store.js";
export * from "./redis-store.js";
export * from "./schema.js";
export * from "./open-store.js";
export * from "./vote-store.js";
