// Foxglove's own client (@foxglove/ws-protocol over `ws`) against a MechOS Foxglove server: reads the parameters,
// sets one good and one bad value, then advertises a /cmd_vel JSON channel and publishes geometry_msgs/Twist-like
// drive commands (three good, one with a non-number, one on a channel it never advertised).
// Prints one JSON line. Usage: node ws-teleop.mjs ws://127.0.0.1:PORT/?token=T   (run by FoxgloveClientOpsTest)
import wsProtocol from "@foxglove/ws-protocol"; // CommonJS

import WebSocket from "ws";

const { FoxgloveClient } = wsProtocol;
const [url] = process.argv.slice(2);
const out = { capabilities: null, parameters: null, setReply: null, statuses: [], published: 0, problems: [] };
const deadline = setTimeout(() => finish("timed out"), 30000);
let done = false;
function finish(problem) {
  if (done) return;
  done = true;
  if (problem) out.problems.push(problem);
  clearTimeout(deadline);
  console.log(JSON.stringify(out));
  process.exit(0);
}

const client = new FoxgloveClient({ ws: new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]) });
const enc = new TextEncoder();
let publishedAll = false;

function teleop() {
  const ch = client.advertise({ topic: "/cmd_vel", encoding: "json", schemaName: "geometry_msgs/Twist" });
  for (const [x, z] of [[0.2, 0.5], [0.1, 0], [0, -0.3]]) {
    client.sendMessage(ch, enc.encode(JSON.stringify({ linear: { x, y: 0, z: 0 }, angular: { x: 0, y: 0, z } })));
    out.published++;
  }
  client.sendMessage(ch, enc.encode(JSON.stringify({ linear: { x: "fast" }, angular: { z: 0 } })));
  client.sendMessage(99, enc.encode(JSON.stringify({ linear: { x: 1 }, angular: { z: 0 } })));
  publishedAll = true;
}

function maybeFinish() {
  const text = out.statuses.map((s) => s.message).join("\n");
  if (!out.capabilities.includes("clientPublish")) {
    if (text.includes("disabled")) finish();
    return;
  }
  if (publishedAll && text.includes("not advertised") && text.includes("finite number")) finish();
}

client.on("error", (e) => out.problems.push(String(e)));
client.on("status", (s) => { out.statuses.push({ level: s.level, message: s.message }); maybeFinish(); });
client.on("serverInfo", (info) => {
  out.capabilities = info.capabilities;
  if (info.capabilities.includes("parameters")) {
    client.getParameters([], "all");
  } else {
    teleop();
  }
});
client.on("parameterValues", (msg) => {
  if (msg.id === "all") {
    out.parameters = Object.fromEntries(msg.parameters.map((p) => [p.name, p.value]));
    client.setParameters([{ name: "mechos.kernel/stop_ttc", value: 0.8 },
      { name: "mechos.kernel/stop_ttc", value: "soon" }], "set");
  } else if (msg.id === "set") {
    out.setReply = Object.fromEntries(msg.parameters.map((p) => [p.name, p.value]));
    teleop();
  }
});
