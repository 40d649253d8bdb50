// Connects to a MechOS Foxglove WebSocket server with Foxglove's own client (@foxglove/ws-protocol over `ws`),
// lists the advertised channels, subscribes to the LaserScan channel, decodes messages and checks them against the
// foxglove.LaserScan schema's required shape, and to the foxglove.FrameTransforms (TF) channel when there is one,
// decoding its transforms; then tries without the token, which must be refused.
// Prints one JSON line. Usage: node ws-check.mjs ws://127.0.0.1:PORT/?token=T ws://127.0.0.1:PORT/
// (run by FoxgloveServerTest; also usable by hand against a robot)
import wsProtocol from "@foxglove/ws-protocol"; // CommonJS

import WebSocket from "ws";

const { FoxgloveClient } = wsProtocol;

const [url, badUrl] = process.argv.slice(2);
const out = { channels: {}, messages: 0, valid: 0, tf: 0, tfValid: 0, tfFrames: [], problems: [], serverInfo: null, refused: null, time: false };
const deadline = setTimeout(() => finish("timed out"), 30000);

function validScan(m) {
  const isNum = (x) => typeof x === "number" && Number.isFinite(x);
  return Number.isInteger(m.timestamp?.sec) && Number.isInteger(m.timestamp?.nsec) && m.timestamp.nsec >= 0
    && m.timestamp.nsec <= 999999999 && typeof m.frame_id === "string" && isNum(m.start_angle)
    && isNum(m.end_angle) && Array.isArray(m.ranges) && m.ranges.every(isNum)
    && Array.isArray(m.intensities) && m.intensities.every(isNum)
    && ["x", "y", "z"].every((k) => isNum(m.pose?.position?.[k]))
    && ["x", "y", "z", "w"].every((k) => isNum(m.pose?.orientation?.[k]));
}

function validTf(m) {
  const isNum = (x) => typeof x === "number" && Number.isFinite(x);
  return Array.isArray(m.transforms) && m.transforms.length > 0 && m.transforms.every((t) =>
    Number.isInteger(t.timestamp?.sec) && Number.isInteger(t.timestamp?.nsec) && typeof t.parent_frame_id === "string"
    && typeof t.child_frame_id === "string" && ["x", "y", "z"].every((k) => isNum(t.translation?.[k]))
    && ["x", "y", "z", "w"].every((k) => isNum(t.rotation?.[k])));
}

let done = false;
function finish(problem) {
  if (done) return;
  done = true;
  if (problem) out.problems.push(problem);
  clearTimeout(deadline);
  console.log(JSON.stringify(out));
  process.exit(0);
}

function tryUnauthenticated() {
  const bad = new WebSocket(badUrl, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]);
  bad.on("open", () => { out.refused = false; bad.close(); finish(); });
  bad.on("message", () => { out.refused = false; });
  bad.on("error", () => { if (out.refused === null) out.refused = true; finish(); });
  bad.on("close", () => { if (out.refused === null) out.refused = true; finish(); });
}

const client = new FoxgloveClient({ ws: new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]) });
let scanSub = null;
let tfSub = null;
let tfAdvertised = false;
client.on("serverInfo", (info) => { out.serverInfo = { name: info.name, capabilities: info.capabilities }; });
client.on("time", () => { out.time = true; });
client.on("error", (e) => out.problems.push(String(e)));
client.on("advertise", (channels) => {
  for (const ch of channels) {
    out.channels[ch.topic] = { schemaName: ch.schemaName, encoding: ch.encoding, schemaEncoding: ch.schemaEncoding,
      schemaParses: (() => { try { JSON.parse(ch.schema); return true; } catch { return false; } })() };
    if (ch.schemaName === "foxglove.LaserScan" && scanSub === null) scanSub = client.subscribe(ch.id);
    if (ch.schemaName === "foxglove.FrameTransforms" && tfSub === null) {
      tfAdvertised = true;
      tfSub = client.subscribe(ch.id);
    }
  }
});
let closed = false;
client.on("message", ({ subscriptionId, data }) => {
  if (closed) return;
  try {
    const m = JSON.parse(new TextDecoder().decode(data));
    if (subscriptionId === scanSub) {
      out.messages++;
      if (validScan(m)) out.valid++;
    } else if (subscriptionId === tfSub) {
      out.tf++;
      if (validTf(m)) out.tfValid++;
      for (const t of m.transforms ?? []) {
        const edge = `${t.parent_frame_id}->${t.child_frame_id}`;
        if (!out.tfFrames.includes(edge)) out.tfFrames.push(edge);
      }
    }
  } catch (e) { out.problems.push(String(e)); }
  if (out.messages >= 5 && (!tfAdvertised || out.tf >= 3)) {
    closed = true;
    client.unsubscribe(scanSub);
    if (tfSub !== null) client.unsubscribe(tfSub);
    client.close();
    tryUnauthenticated();
  }
});
