import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { readFileSync } from "node:fs";
const file = process.argv[2];
const buf = readFileSync(file);
const readable = {
  size: async () => BigInt(buf.length),
  read: async (offset, length) => new Uint8Array(buf.buffer, buf.byteOffset + Number(offset), Number(length)),
};
const reader = await McapIndexedReader.Initialize({ readable });
console.log("indexed: chunks", reader.chunkIndexes.length, "channels", [...reader.channelsById.values()].map(c => c.topic + ":" + c.messageEncoding + ":" + reader.schemasById.get(c.schemaId).encoding).join(","));
console.log("statistics", reader.statistics.messageCount, [...reader.statistics.channelMessageCounts.entries()].join(";"));
let n = 0, first = null;
for await (const m of reader.readMessages()) { if (n === 0) first = new TextDecoder().decode(m.data); n++; }
console.log("indexed messages", n, "first", first);
// streaming reader with CRC validation of chunks and the data section
const s = new McapStreamReader({ validateCrcs: true });
s.append(new Uint8Array(buf));
let rec, counts = {};
while ((rec = s.nextRecord())) counts[rec.type] = (counts[rec.type] || 0) + 1;
console.log("stream records", JSON.stringify(counts), "done", s.done());
