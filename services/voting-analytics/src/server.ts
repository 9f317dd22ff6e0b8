import { runService } from "@voting/common";
import { loadAnalyticsConfig } from "./config.js";
import { buildAnalyticsService } from "./service.js";

// The only module with side effects: the process's environment, the store, the listener.
await runService("voting-analytics", process.env, loadAnalyticsConfig, buildAnalyticsService);
