// A chat client over npm's ws for the scale-out scripts: messages queue in an inbox, `next` takes the first of a type.
import { createRequire } from "node:module";
import path from "node:path";

export function client(modules) {
  const require = createRequire(path.join(path.resolve(modules), "noop.js"));
  const WebSocket = require("ws");

  function connect(url) {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const inbox = [];
    let wake = null;
    socket.on("message", (data) => { inbox.push(JSON.parse(data.toString())); wake?.(); });
    // `type`: one type, or an array of types to take the first of any.
    socket.next = async (type, match = () => true) => {
      const types = [type].flat();
      while (true) {
        const index = inbox.findIndex((m) => types.includes(m.type) && match(m));
        if (index >= 0) return inbox.splice(index, 1)[0];
        await new Promise((resolve) => { wake = resolve; });
      }
    };
    return new Promise((resolve, reject) => { socket.once("open", () => resolve(socket)); socket.once("error", reject); });
  }

  async function enter(url, nick, room = "lobby") {
    const socket = await connect(url);
    socket.send(JSON.stringify({ type: "nick", nick }));
    await socket.next("welcome");
    socket.send(JSON.stringify({ type: "join", room }));
    socket.history = (await socket.next("history")).messages;
    return socket;
  }

  return { connect, enter };
}
