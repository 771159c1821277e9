// node's ws (npm) as a permessage-deflate client of our echo endpoint.
// Usage: node ws-deflate-client.mjs <ws url> <node_modules dir> <perMessageDeflate as JSON>. Prints one line per checked step.
import { createRequire } from "node:module";
import path from "node:path";

const [url, modules, deflate] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const WebSocket = require("ws");

const socket = new WebSocket(url, { perMessageDeflate: JSON.parse(deflate) });
// ws's socket.extensions names the extensions only; the parameters agreed are in the 101's header.
let agreed = "none";
socket.once("upgrade", (response) => { agreed = response.headers["sec-websocket-extensions"] ?? "none"; });
const received = [];
let waiting = null;
socket.on("message", (data, isBinary) => {
  received.push({ data, isBinary });
  if (waiting) waiting();
});
const next = () => new Promise((resolve) => {
  if (received.length) return resolve(received.shift());
  waiting = () => { waiting = null; resolve(received.shift()); };
});
await new Promise((resolve, reject) => { socket.once("open", resolve); socket.once("error", reject); });
console.log(`extensions: ${socket.extensions === "permessage-deflate" ? agreed : "none"}`);

// Several rounds: with context takeover the later ones refer back into the earlier ones' window.
const big = Array.from({ length: 3000 }, (_, i) => `line ${i % 41}`).join(", ");
const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
let ok = true;
for (let round = 0; round < 3; round++) {
  socket.send(big);
  const text = await next();
  ok &&= !text.isBinary && text.data.toString() === big;
  socket.send("tiny");
  ok &&= (await next()).data.toString() === "tiny";
  socket.send(binary, { binary: true });
  const back = await next();
  ok &&= back.isBinary && back.data.equals(binary);
  // One message in three fragments: ws compresses them as one deflate stream, RSV1 on the first frame only.
  socket.send("frag-", { fin: false });
  socket.send("ment-".repeat(500), { fin: false });
  socket.send("ed", { fin: true });
  ok &&= (await next()).data.toString() === "frag-" + "ment-".repeat(500) + "ed";
}
console.log(`echoed: ${ok}`);

const closed = new Promise((resolve) => socket.once("close", (code) => resolve(code)));
socket.close(1000, "bye");
console.log(`closed: ${await closed}`);
