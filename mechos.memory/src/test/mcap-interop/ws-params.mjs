// Parameter subscriptions with Foxglove's own client (@foxglove/ws-protocol over `ws`): client A subscribes to two
// kernel parameters (and one that does not exist), client B sets one of them; A must receive a parameterValues
// (without id) with only the changed one. A then unsubscribes, B sets it again, and A must receive nothing more.
// Each step waits for a request/reply round trip, so "nothing more" is checked after the server has handled B's set.
// Prints one JSON line. Usage: node ws-params.mjs ws://127.0.0.1:PORT/?token=T   (run by FoxgloveClientOpsTest)
import wsProtocol from "@foxglove/ws-protocol"; // CommonJS

import WebSocket from "ws";

const { FoxgloveClient } = wsProtocol;
const [url] = process.argv.slice(2);
const out = { capabilities: null, updates: [], statuses: [], phases: [], problems: [] };
const deadline = setTimeout(() => finish("timed out"), 30000);
let done = false;
let phase = "subscribing";
function finish(problem) {
  if (done) return;
  done = true;
  if (problem) out.problems.push(problem);
  clearTimeout(deadline);
  console.log(JSON.stringify(out));
  process.exit(0);
}
function step(p) {
  phase = p;
  out.phases.push(p);
}

const a = new FoxgloveClient({ ws: new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]) });
let b = null;
a.on("error", (e) => out.problems.push("A: " + String(e)));
a.on("status", (s) => out.statuses.push({ level: s.level, message: s.message }));
a.on("serverInfo", (info) => {
  out.capabilities = info.capabilities;
  if (typeof a.subscribeParameterUpdates !== "function") {
    finish("this @foxglove/ws-protocol has no subscribeParameterUpdates");
    return;
  }
  a.subscribeParameterUpdates(["mechos.kernel/stop_ttc", "mechos.kernel/tick_hz", "mechos.kernel/nope"]);
  a.getParameters(["mechos.kernel/stop_ttc"], "subscribed");
});
a.on("parameterValues", (msg) => {
  if (msg.id === undefined || msg.id === null) {
    out.updates.push({ phase, parameters: Object.fromEntries(msg.parameters.map((p) => [p.name, p.value])) });
    return;
  }
  if (msg.id === "subscribed") {
    step("first set");
    b = new FoxgloveClient({ ws: new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]) });
    b.on("error", (e) => out.problems.push("B: " + String(e)));
    b.on("serverInfo", () => b.setParameters([{ name: "mechos.kernel/stop_ttc", value: 0.8 }], "set1"));
    b.on("parameterValues", (reply) => {
      if (reply.id === "set1") {
        a.getParameters(["mechos.kernel/stop_ttc"], "after set1");
      } else if (reply.id === "set2") {
        a.getParameters(["mechos.kernel/stop_ttc"], "after set2");
      }
    });
  } else if (msg.id === "after set1") {
    step("unsubscribed");
    a.unsubscribeParameterUpdates(["mechos.kernel/stop_ttc", "mechos.kernel/tick_hz"]);
    a.getParameters(["mechos.kernel/stop_ttc"], "unsubscribed");
  } else if (msg.id === "unsubscribed") {
    step("second set");
    b.setParameters([{ name: "mechos.kernel/stop_ttc", value: 0.9 }], "set2");
  } else if (msg.id === "after set2") {
    step("end");
    out.finalValue = msg.parameters.find((p) => p.name === "mechos.kernel/stop_ttc")?.value;
    finish();
  }
});
