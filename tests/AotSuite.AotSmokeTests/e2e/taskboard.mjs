// Drives TaskBoard's page in headless Chromium: add a task, complete it, see the stats change.
// Usage: node taskboard.mjs <url> <node_modules dir holding playwright-core>. Prints one line per checked step.
import { createRequire } from "node:module";
import path from "node:path";
import os from "node:os";

const [url, modules] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const { chromium } = require("playwright-core");

// Flags: this machine's network is closed, so Chromium's background connections are turned off. Playwright gives the
// browser a fresh, temporary profile of its own.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  const text = (id) => page.textContent(`#${id}`);
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector("#stat-total").textContent === "0");
  console.log(`loaded: total=${await text("stat-total")}`);

  await page.fill("#title", "Water the plants");
  await page.selectOption("#priority", "high");
  await page.click("#add");
  await page.waitForSelector("li:has-text('Water the plants')");
  console.log(`added: total=${await text("stat-total")} pending=${await text("stat-pending")}`);

  await page.check("li:has-text('Water the plants') input[type=checkbox]");
  await page.waitForFunction(() => document.querySelector("#stat-done").textContent === "1");
  console.log(`completed: done=${await text("stat-done")} pending=${await text("stat-pending")}`);

  await page.click("button[data-show=pending]");
  await page.waitForFunction(() => document.querySelectorAll("#tasks li").length === 0);
  console.log("filtered: pending list empty");
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR ?? os.tmpdir(), "taskboard.png") });
} finally {
  await browser.close();
}
