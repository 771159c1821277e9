// Node side of bench/peers/pool.sh: the same loop as PoolBench (see its header) over generic-pool or tarn.
//   node node-pools.js generic-pool|tarn memory|pg [borrowers=64] [max=10] [duration=5] [connection string]
// memory: plain objects, use = one setImmediate turn; pg: node-postgres Clients, use = SELECT 1 (prepared).
const [lib, kind, ...rest] = process.argv.slice(2);
const borrowers = Number(rest[0] ?? 64), max = Number(rest[1] ?? 10), duration = Number(rest[2] ?? 5), connectionString = rest[3];

function factory() {
  if (kind === "memory") return { create: async () => ({}), destroy: async () => {} };
  const { Client } = require("pg");
  return {
    create: async () => { const c = new Client({ connectionString }); await c.connect(); return c; },
    destroy: async (c) => c.end(),
  };
}
// A named query is prepared once per connection, as Npgsql's auto-prepare does on the .NET side.
const selectOne = { name: "select-one", text: "SELECT 1" };
const use = kind === "memory" ? () => new Promise(setImmediate) : (c) => c.query(selectOne);

function makePool() {
  const f = factory();
  if (lib === "generic-pool") {
    const pool = require("generic-pool").createPool(f, { max, min: max });
    return { acquire: () => pool.acquire(), release: (r) => pool.release(r), close: async () => { await pool.drain(); await pool.clear(); } };
  }
  const { Pool } = require("tarn");
  const pool = new Pool({ create: f.create, destroy: f.destroy, min: max, max, acquireTimeoutMillis: 30000 });
  return { acquire: () => pool.acquire().promise, release: (r) => pool.release(r), close: () => pool.destroy() };
}

async function main() {
  const pool = makePool();
  let measuring = false, stop = false;
  const waits = [];
  const loop = async () => {
    while (!stop) {
      const t0 = process.hrtime.bigint();
      const r = await pool.acquire();
      const waited = Number(process.hrtime.bigint() - t0) / 1000;
      try { await use(r); } finally { pool.release(r); }
      if (measuring) waits.push(waited);
    }
  };
  const loops = Array.from({ length: borrowers }, loop);
  await new Promise((r) => setTimeout(r, 1000));
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  measuring = true;
  await new Promise((r) => setTimeout(r, duration * 1000));
  measuring = false;
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  stop = true;
  await Promise.all(loops);
  await pool.close();
  waits.sort((a, b) => a - b);
  const p = (q) => waits[Math.min(waits.length - 1, Math.ceil(q * waits.length) - 1)];
  console.log(`mode=${lib}-${kind} borrowers=${borrowers} max=${max} borrows=${waits.length} borrows_per_s=${(waits.length / elapsed).toFixed(0)} ` +
    `wait_p50_us=${p(0.5).toFixed(1)} wait_p99_us=${p(0.99).toFixed(1)} wait_max_us=${waits[waits.length - 1].toFixed(1)} cpu_us_per_borrow=${((cpu.user + cpu.system) / waits.length).toFixed(2)}`);
}
main().catch((e) => { console.error(e); process.exit(1); });
