// Peer for bench/peers/http-client.sh: undici's Pool, the same closed loop as ClientBench (CONCURRENCY workers, GET
// URL, body read as text, count over DURATION after WARMUP, CPU time per request). undici is installed by the script into artifacts/.
//   node undici-client.js URL [concurrency=32] [duration=10] [warmup=2]
'use strict';
const { Pool } = require('undici');

const url = new URL(process.argv[2]);
const concurrency = Number(process.argv[3] || 32);
const duration = Number(process.argv[4] || 10) * 1000;
const warmup = Number(process.argv[5] || 2) * 1000;
const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });
const path = url.pathname + url.search;

let completed = 0;
let failed = 0;
let stop = false;

async function worker() {
  while (!stop) {
    try {
      const { body } = await pool.request({ path, method: 'GET' });
      await body.text();
      completed++;
    } catch (e) {
      if (failed++ === 0) console.error(e.message);
    }
  }
}

(async () => {
  const workers = Array.from({ length: concurrency }, worker);
  await new Promise(r => setTimeout(r, warmup));
  const start = completed;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await new Promise(r => setTimeout(r, duration));
  const count = completed - start;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  stop = true;
  await Promise.all(workers);
  await pool.close();
  console.log(`requests ${count} seconds ${seconds.toFixed(2)} rps ${(count / seconds).toFixed(0)} bytes/req n/a cpu-us/req ${((cpu.user + cpu.system) / Math.max(1, count)).toFixed(1)} failed ${failed}`);
  process.exit(failed > 0 ? 1 : 0);
})();
