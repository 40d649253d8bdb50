// Writes an MCAP file with zstd chunks using the official TypeScript writer (@mcap/core) and Foxglove's zstd
// (@foxglove/wasm-zstd, a dependency of @mcap/support): the fixture src/test/resources/mcap/mcap-core-zstd.mcap.
// Usage: node write-zstd.mjs out.mcap
import { McapWriter } from "@mcap/core";
import zstd from "@foxglove/wasm-zstd";
import { open } from "node:fs/promises";

await zstd.isLoaded;
const fh = await open(process.argv[2], "w");
let position = 0n;
const writable = {
  position: () => position,
  write: async (buf) => { await fh.write(buf); position += BigInt(buf.byteLength); },
};
const writer = new McapWriter({
  writable,
  chunkSize: 4096,
  compressChunk: (data) => ({ compression: "zstd", compressedData: zstd.compress(data, 3) }),
});
await writer.start({ profile: "", library: "mcap-core-fixture" });
const enc = new TextEncoder();
const schema = await writer.registerSchema({ name: "fixture.Count", encoding: "jsonschema",
  data: enc.encode(JSON.stringify({ type: "object", properties: { i: { type: "integer" }, text: { type: "string" } } })) });
const a = await writer.registerChannel({ topic: "fixture/a", schemaId: schema, messageEncoding: "json", metadata: new Map() });
const b = await writer.registerChannel({ topic: "fixture/b", schemaId: schema, messageEncoding: "json", metadata: new Map() });
const cdrSchema = await writer.registerSchema({ name: "std_msgs/msg/String", encoding: "ros2msg", data: enc.encode("string data") });
const cdr = await writer.registerChannel({ topic: "/chatter", schemaId: cdrSchema, messageEncoding: "cdr", metadata: new Map() });
const t0 = 1_700_000_000_000_000_000n;
for (let i = 0; i < 300; i++) {
  const ch = i % 3 === 0 ? b : a;
  await writer.addMessage({ channelId: ch, sequence: i, logTime: t0 + BigInt(i) * 1_000_000n,
    publishTime: t0 + BigInt(i) * 1_000_000n, data: enc.encode(JSON.stringify({ i, text: "message number " + i })) });
  if (i % 10 === 0) {
    // CDR: 4-byte encapsulation header (little endian) + uint32 length + "hi\0"
    await writer.addMessage({ channelId: cdr, sequence: i, logTime: t0 + BigInt(i) * 1_000_000n,
      publishTime: t0 + BigInt(i) * 1_000_000n, data: new Uint8Array([0, 1, 0, 0, 3, 0, 0, 0, 104, 105, 0]) });
  }
}
await writer.end();
await fh.close();
console.log("wrote", process.argv[2]);
