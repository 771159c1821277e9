// A chat client over npm's ws for the scale-out scripts: messages queue in an inbox, `next` takes the first of a type.
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";

let stdinLines;

// Waits for the test's "go" on stdin (it has done what the last printed line asked for).
export async function waitForGo() {
  stdinLines ??= readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  await stdinLines.next();
}

// Asks for a nick: "welcome <nick>" or the error text.
export async function ask(socket, nick) {
  socket.send(JSON.stringify({ type: "nick", nick }));
  const answer = await socket.next(["welcome", "error"]);
  return answer.type === "welcome" ? `welcome ${answer.nick}` : answer.error;
}

// A nick freed on another node is released behind the command that freed it (or after the presence timeout), so it is
// asked for until granted; the last answer is returned either way (a wrong one fails the test), after 60 s at most.
export async function askUntilGranted(socket, nick) {
  const deadline = Date.now() + 60_000;
  let answer;
  do {
    answer = await ask(socket, nick);
    if (answer.startsWith("welcome")) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  } while (Date.now() < deadline);
  return answer;
}

export function client(modules) {
  const require = createRequire(path.join(path.resolve(modules), "noop.js"));
  const WebSocket = require("ws");

  function connect(url) {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.closed = new Promise((resolve) => socket.on("close", (code) => resolve(code)));
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
