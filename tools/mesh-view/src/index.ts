export * from "./graph.js";
export * from "./istio-metrics.js";
export * from "./mesh-view.js";
export * from "./records.js";
export * from "./server.js";
export { TrafficWindow, nodeIdOf, type EdgeTotals, type Protocol } from "./traffic-window.js";
