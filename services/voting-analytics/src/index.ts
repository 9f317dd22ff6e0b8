export * from "./app.js";
export * from "./config.js";
export * from "./results-text.js";
export * from "./service.js";
export * from "./versions.js";
