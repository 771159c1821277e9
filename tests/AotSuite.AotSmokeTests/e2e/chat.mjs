// Drives chat-server's page in two headless Chromium pages: both join a room, one speaks, the other sees it.
// Usage: node chat.mjs <url> <node_modules dir holding playwright-core>. Prints one line per checked step.
import { createRequire } from "node:module";
import path from "node:path";
import os from "node:os";

const [url, modules] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const { chromium } = require("playwright-core");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const open = async (nick) => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.fill("#nick", nick);
    await page.click("#connect");
    await page.waitForFunction((n) => document.querySelector("#status").textContent === `online as ${n}`, nick);
    await page.fill("#room", "lobby");
    await page.click("#join");
    await page.waitForFunction(() => !document.querySelector("#text").disabled);
    return page;
  };
  const ada = await open("ada");
  const bob = await open("bob");
  await ada.waitForFunction(() => [...document.querySelectorAll("#people li")].map((li) => li.textContent).join(",") === "ada,bob");
  console.log("presence: ada,bob");

  await ada.fill("#text", "hello bob");
  await ada.press("#text", "Enter");
  await bob.waitForSelector("#messages li:text-is('ada: hello bob')");
  console.log("bob sees: ada: hello bob");

  await bob.fill("#text", "/msg ada psst");
  await bob.press("#text", "Enter");
  await ada.waitForSelector("#messages li.private:text-is('bob → ada: psst')");
  console.log("ada sees private: bob → ada: psst");

  const carol = await open("carol");
  await carol.waitForSelector("#messages li.history:text-is('ada: hello bob')");
  console.log("carol gets history: ada: hello bob");
  await ada.screenshot({ path: path.join(process.env.SCREENSHOT_DIR ?? os.tmpdir(), "chat.png") });
} finally {
  await browser.close();
}
