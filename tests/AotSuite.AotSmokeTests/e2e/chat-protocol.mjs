// Talks chat-server's JSON protocol with npm's ws: bad input is answered, an oversized message closes with 1009.
// Usage: node chat-protocol.mjs <ws url of /chat> <node_modules dir holding ws>. Prints one line per checked step.
import { createRequire } from "node:module";
import path from "node:path";

const [url, modules] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const WebSocket = require("ws");

function connect() {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const inbox = [];
  let wake = null;
  socket.on("message", (data) => { inbox.push(JSON.parse(data.toString())); wake?.(); });
  socket.next = async (type) => {
    while (true) {
      const index = inbox.findIndex((m) => m.type === type);
      if (index >= 0) return inbox.splice(index, 1)[0];
      await new Promise((resolve) => { wake = resolve; });
    }
  };
  return new Promise((resolve, reject) => { socket.once("open", () => resolve(socket)); socket.once("error", reject); });
}

const ada = await connect();
ada.send("{not json");
console.log(`malformed: ${(await ada.next("error")).error.startsWith("malformed message")}`);
ada.send(JSON.stringify({ type: "say", room: "x", text: "hi" }));
console.log(`before nick: ${(await ada.next("error")).error}`);
ada.send(JSON.stringify({ type: "nick", nick: "ada" }));
console.log(`welcome: ${(await ada.next("welcome")).nick}`);
ada.send(JSON.stringify({ type: "join", room: "dev" }));
await ada.next("history");
ada.send(JSON.stringify({ type: "say", room: "dev", text: "still here" }));
console.log(`still connected: ${(await ada.next("message")).text}`);

const closed = new Promise((resolve) => ada.once("close", (code) => resolve(code)));
ada.send("x".repeat(70_000));
console.log(`oversized closes with: ${await closed}`);

const bob = await connect();
bob.send(JSON.stringify({ type: "nick", nick: "bob" }));
console.log(`server still serves: ${(await bob.next("welcome")).nick}`);
bob.close();
