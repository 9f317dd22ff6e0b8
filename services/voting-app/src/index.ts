export * from "./analytics-client.js";
export * from "./app.js";
export * from "./config.js";
export * from "./feature-flag.js";
export * from "./page.js";
export * from "./service.js";
export * from "./vote-input.js";
export * from "./versions.js";
