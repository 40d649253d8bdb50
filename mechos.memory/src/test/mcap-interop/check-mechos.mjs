// Reads a MechOS recording with the official MCAP TypeScript libraries and prints one JSON line:
// per-topic schema names and message counts (indexed reader over the summary, chunk and message indexes, with
// @mcap/support's zstd/lz4 decompression) and the record counts of a CRC-validating stream read.
// Usage: node check-mechos.mjs file.mcap   (run by McapNodeInteropTest; also usable by hand)
import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { loadDecompressHandlers } from "@mcap/support";
import { readFileSync } from "node:fs";

const buf = readFileSync(process.argv[2]);
const decompressHandlers = await loadDecompressHandlers();
const readable = {
  size: async () => BigInt(buf.length),
  read: async (offset, length) => new Uint8Array(buf.buffer, buf.byteOffset + Number(offset), Number(length)),
};
const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers });
const out = { compression: [...new Set(reader.chunkIndexes.map((c) => c.compression))], topics: {} };
for (const ch of reader.channelsById.values()) {
  const schema = reader.schemasById.get(ch.schemaId);
  out.topics[ch.topic] = { schema: schema.name, schemaEncoding: schema.encoding, encoding: ch.messageEncoding,
    statistics: Number(reader.statistics.channelMessageCounts.get(ch.id) ?? 0n), read: 0, json: true };
}
for await (const m of reader.readMessages()) {
  const ch = reader.channelsById.get(m.channelId);
  const t = out.topics[ch.topic];
  t.read++;
  try { JSON.parse(new TextDecoder().decode(m.data)); } catch { t.json = false; }
}
const s = new McapStreamReader({ validateCrcs: true, decompressHandlers });
s.append(new Uint8Array(buf));
let rec;
out.stream = {};
while ((rec = s.nextRecord())) out.stream[rec.type] = (out.stream[rec.type] || 0) + 1;
out.streamDone = s.done();
console.log(JSON.stringify(out));
