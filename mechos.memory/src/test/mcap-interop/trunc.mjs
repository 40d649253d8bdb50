import { McapStreamReader } from "@mcap/core";
import { readFileSync } from "node:fs";
const buf = readFileSync(process.argv[2]);
const cut = buf.subarray(0, Math.floor(buf.length * 0.6));
const s = new McapStreamReader({ validateCrcs: true });
s.append(new Uint8Array(cut));
let rec, msgs = 0;
while ((rec = s.nextRecord())) if (rec.type === "Message") msgs++;
console.log("truncated at 60%: messages", msgs, "done", s.done());
