/* global cytoscape */
// The live view: draws each graph the server streams, and the same edges and pods as tables.
"use strict";

const COLUMN_GAP = 340;
// The ingress box is wider, and its edge label needs room before the first tier.
const INGRESS_EXTRA_GAP = 90;
const ROW_GAP = 130;
const APP_COLOURS = {
  "voting-app": "#d9ebfa",
  "voting-analytics": "#e3f1df",
  "voting-storage": "#fbeed5",
};

const graphElement = document.getElementById("graph");
const statusElement = document.getElementById("status");
const pauseButton = document.getElementById("pause");

const cy = cytoscape({
  container: graphElement,
  layout: { name: "preset" },
  autoungrabify: true,
  boxSelectionEnabled: false,
  userZoomingEnabled: false,
  userPanningEnabled: false,
  style: [
    {
      selector: "node",
      style: {
        shape: "round-rectangle",
        width: 168,
        height: 64,
        label: "data(label)",
        "text-wrap": "wrap",
        "text-valign": "center",
        "font-size": 14,
        color: "#1b1f23",
        "background-color": "data(colour)",
        "border-width": 2,
        "border-color": "#57606a",
      },
    },
    {
      selector: "node[kind = 'ingress']",
      style: { width: 250, "font-size": 12, "background-color": "#e6e0f5" },
    },
    { selector: "node[!active]", style: { opacity: 0.5, "border-style": "dashed" } },
    {
      selector: "edge",
      style: {
        width: "data(width)",
        "curve-style": "bezier",
        "line-color": "#3b6ea5",
        "target-arrow-color": "#3b6ea5",
        "target-arrow-shape": "triangle",
        label: "data(label)",
        "text-wrap": "wrap",
        "text-max-width": 250,
        "font-size": 12,
        color: "#1b1f23",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.92,
        "text-background-padding": 3,
        "text-border-width": 1,
        "text-border-color": "#d0d7de",
        "text-border-opacity": 1,
      },
    },
    { selector: "edge[protocol = 'tcp']", style: { "line-style": "dashed" } },
    {
      selector: "edge[?failing]",
      style: { "line-color": "#b3261e", "target-arrow-color": "#b3261e", color: "#b3261e" },
    },
  ],
});

let latest = null;
let paused = false;
let drawnNodeIds = "";

function percent(share) {
  return `${Math.round(share * 100)}%`;
}

function perSecond(value) {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

function nodeLabel(node) {
  const pods = node.pods.total === 0 ? "" : `\n${node.pods.ready}/${node.pods.total} pods ready`;
  return node.kind === "ingress"
    ? `ingress\n${node.label}${pods}`
    : `${node.app}\n${node.version}${pods}`;
}

function edgeFigures(edge) {
  if (edge.protocol === "tcp") {
    return `TCP · ${edge.connectionsOpen} open · ${percent(edge.share)}`;
  }
  return `${perSecond(edge.rps)} rps · ${percent(edge.share)} · ${percent(edge.errorRate)} 5xx`;
}

function positionOf(node, rowsInColumn) {
  const rows = rowsInColumn.get(node.column) ?? 1;
  const x = node.column * COLUMN_GAP - (node.kind === "ingress" ? INGRESS_EXTRA_GAP : 0);
  return { x, y: (node.row - (rows - 1) / 2) * ROW_GAP };
}

function drawGraph(graph) {
  const rowsInColumn = new Map();
  for (const node of graph.nodes) {
    rowsInColumn.set(node.column, Math.max(rowsInColumn.get(node.column) ?? 0, node.row + 1));
  }
  const elements = [
    ...graph.nodes.map((node) => ({
      group: "nodes",
      data: {
        id: node.id,
        label: nodeLabel(node),
        kind: node.kind,
        active: node.active,
        colour: APP_COLOURS[node.app] ?? "#eeeeee",
      },
      position: positionOf(node, rowsInColumn),
    })),
    ...graph.edges.map((edge) => ({
      group: "edges",
      data: {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        protocol: edge.protocol,
        failing: edge.errorRate > 0,
        width: 1.5 + Math.min(8, edge.rps),
        label: `${edgeFigures(edge)}\n${edge.rule}`,
      },
    })),
  ];
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elements);
  });
  const nodeIds = graph.nodes.map((node) => node.id).join(" ");
  if (nodeIds !== drawnNodeIds) {
    drawnNodeIds = nodeIds;
    cy.fit(undefined, 40);
  }
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
  return td;
}

function drawEdgeTable(graph) {
  const names = new Map(graph.nodes.map((node) => [node.id, node.label]));
  const rows = graph.edges.map((edge) => {
    const row = document.createElement("tr");
    if (edge.errorRate > 0) row.className = "failing";
    cell(row, names.get(edge.source) ?? edge.source);
    cell(row, names.get(edge.target) ?? edge.target);
    cell(
      row,
      edge.protocol === "tcp" ? `TCP, ${edge.connectionsOpen} open` : perSecond(edge.rps),
      "number",
    );
    cell(row, percent(edge.share), "number");
    cell(row, edge.protocol === "tcp" ? "–" : percent(edge.errorRate), "number");
    cell(row, edge.rule);
    return row;
  });
  document.getElementById("edge-rows").replaceChildren(...rows);
  document.getElementById("no-traffic").hidden = rows.length > 0;
}

function drawPodTable(graph) {
  const rows = graph.pods.map((pod) => {
    const row = document.createElement("tr");
    cell(row, pod.name);
    const labels = cell(row, "", "labels");
    for (const [key, value] of Object.entries(pod.labels)) {
      const code = document.createElement("code");
      code.textContent = `${key}=${value}`;
      labels.append(code);
    }
    cell(row, `${pod.readyContainers}/${pod.containers}`, "number");
    cell(row, pod.status ?? pod.phase);
    return row;
  });
  document.getElementById("pod-rows").replaceChildren(...rows);
  document.getElementById("no-pods").hidden = rows.length > 0;
}

function draw(graph) {
  drawGraph(graph);
  drawEdgeTable(graph);
  drawPodTable(graph);
  document.getElementById("window-seconds").textContent = String(graph.windowSeconds);
  const time = new Date(graph.generatedAt).toLocaleTimeString("en-GB");
  statusElement.dataset.state = "live";
  statusElement.textContent = paused ? `Paused at ${time}` : `Live · updated ${time}`;
  document.body.dataset.updated = graph.generatedAt;
}

pauseButton.addEventListener("click", () => {
  paused = !paused;
  pauseButton.setAttribute("aria-pressed", String(paused));
  pauseButton.textContent = paused ? "Resume updates" : "Pause updates";
  if (!paused && latest) draw(latest);
  else if (latest) statusElement.textContent = "Paused";
});

const stream = new EventSource("/api/graph/stream");
stream.addEventListener("message", (event) => {
  latest = JSON.parse(event.data);
  if (!paused) draw(latest);
});
stream.addEventListener("error", () => {
  statusElement.dataset.state = "offline";
  statusElement.textContent = "Offline: reconnecting…";
});
