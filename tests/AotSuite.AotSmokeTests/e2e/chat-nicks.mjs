// Nicknames unique across two chat-server nodes sharing a PostgreSQL database (npm's ws).
// Usage: node chat-nicks.mjs <ws url of A's /chat> <ws url of B's /chat> <node_modules dir holding ws>.
// Prints one line per checked step. After "kill A" it reads one line from stdin (the test kills A with SIGKILL first);
// then A's nicks must become free for B within the presence timeout.
import { ask, askUntilGranted, client, waitForGo } from "./chat-client.mjs";

const [urlA, urlB, modules] = process.argv.slice(2);
const { connect } = client(modules);

const ada = await connect(urlA);
console.log(`A: ${await ask(ada, "ada")}`);
const b1 = await connect(urlB);
console.log(`B: ${await ask(b1, "ADA")}`);
const a2 = await connect(urlA);
console.log(`A: ${await ask(a2, "Ada")}`);
ada.close();
console.log(`B after ada left A: ${await askUntilGranted(b1, "ADA")}`);

console.log(`A: ${await ask(a2, "carol")}`);
const b2 = await connect(urlB);
console.log(`B: ${await ask(b2, "carol")}`);
console.log(`A renames: ${await ask(a2, "caroline")}`);
console.log(`B after the rename: ${await askUntilGranted(b2, "carol")}`);
console.log(`B: ${await ask(await connect(urlB), "Caroline")}`);

// One client on each node asks for the same nick at the same moment, five times over.
const races = await Promise.all(["race0", "race1", "race2", "race3", "race4"].map(async (nick) => {
  const [onA, onB] = await Promise.all([connect(urlA), connect(urlB)]);
  const answers = await Promise.all([ask(onA, nick), ask(onB, nick)]);
  return answers.filter((a) => a === `welcome ${nick}`).length === 1 && answers.filter((a) => a === `the nickname '${nick}' is taken`).length === 1;
}));
console.log(`races: ${races.length} nicks, ${races.filter(Boolean).length} won by exactly one node`);

const erin = await connect(urlA);
console.log(`A: ${await ask(erin, "erin")}`);
const b3 = await connect(urlB);
console.log(`B: ${await ask(b3, "erin")}`);
console.log("kill A");
await waitForGo();
console.log(`B after A was killed: ${await askUntilGranted(b3, "erin")}`);
process.exit(0);
