// The ws (npm) peer: /echo answers in kind; /chat speaks the subset of chat-server's protocol the benchmark uses
// (nick, join, say → message to the room, serialized once per broadcast as chat-server does).
// Usage: node ws-server.mjs <port> <node_modules dir>. Prints "listening" when ready.
import { createRequire } from "node:module";
import path from "node:path";

const [port, modules] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const { WebSocketServer } = require("ws");

const rooms = new Map();
const server = new WebSocketServer({ host: "127.0.0.1", port: Number(port), perMessageDeflate: false, maxPayload: 64 * 1024 });
server.on("connection", (socket, request) => {
  if (request.url === "/echo") {
    socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
    return;
  }
  let nick = null;
  const joined = new Set();
  socket.on("message", (data) => {
    let m;
    try { m = JSON.parse(data.toString()); } catch { socket.send(JSON.stringify({ type: "error", error: "malformed message" })); return; }
    if (m.type === "nick") { nick = m.nick; socket.send(JSON.stringify({ type: "welcome", nick })); }
    else if (m.type === "join") {
      if (!rooms.has(m.room)) rooms.set(m.room, new Set());
      rooms.get(m.room).add(socket);
      joined.add(m.room);
      socket.send(JSON.stringify({ type: "history", room: m.room, messages: [] }));
    } else if (m.type === "say") {
      const frame = JSON.stringify({ type: "message", room: m.room, from: nick, text: m.text, time: Date.now() });
      for (const member of rooms.get(m.room) ?? []) member.send(frame);
    }
  });
  socket.on("close", () => { for (const room of joined) rooms.get(room)?.delete(socket); });
});
server.on("listening", () => console.log("listening"));
