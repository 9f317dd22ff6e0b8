import { runService } from "@voting/common";
import { loadAppConfig } from "./config.js";
import { buildVotingService } from "./service.js";

// The only module with side effects: the process's environment, the clients, the listener.
await runService("voting-app", process.env, loadAppConfig, buildVotingService);
