// node's ws (npm) as the client of our echo endpoint. Usage: node ws-client.mjs <ws url> <node_modules dir>.
// Prints one line per checked step.
import { createRequire } from "node:module";
import path from "node:path";

const [url, modules] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const WebSocket = require("ws");

const socket = new WebSocket(url, { perMessageDeflate: false });
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
console.log("open");

socket.send("hello from ws");
const text = await next();
console.log(`text: ${text.isBinary ? "binary!" : text.data.toString()}`);

socket.send(Buffer.from([1, 2, 3]), { binary: true });
const binary = await next();
console.log(`binary: ${binary.isBinary ? [...binary.data].join(",") : "text!"}`);

const big = "x".repeat(200_000);
socket.send(big, { fin: true });
const bigEcho = await next();
console.log(`big: ${bigEcho.data.length === big.length && bigEcho.data.toString() === big}`);

const pong = new Promise((resolve) => socket.once("pong", (data) => resolve(data.toString())));
socket.ping("beat");
console.log(`pong: ${await pong}`);

const closed = new Promise((resolve) => socket.once("close", (code) => resolve(code)));
socket.close(1000, "bye");
console.log(`closed: ${await closed}`);
