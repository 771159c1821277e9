#!/usr/bin/env node
// Writes a deterministic task store for benchmarks: node make-tasks.js N out.json
'use strict';
const fs = require('fs');

const [countArg, out] = process.argv.slice(2);
const n = Number(countArg);
if (!Number.isInteger(n) || n < 0 || !out) {
  console.error('usage: node make-tasks.js N out.json');
  process.exit(2);
}

const PRIORITIES = ['low', 'medium', 'high'];
const tasks = [];
for (let i = 1; i <= n; i++) {
  const done = i % 3 === 0;
  tasks.push({
    id: i,
    title: `Task number ${i}`,
    done,
    priority: PRIORITIES[(i - 1) % 3],
    due: i % 5 === 0 ? `2026-12-${String(1 + (i % 28)).padStart(2, '0')}` : null,
    tags: i % 2 === 0 ? ['work'] : ['home', 'errand'],
    createdAt: '2026-11-01T10:00:00+00:00',
    completedAt: done ? '2026-11-02T10:00:00+00:00' : null,
  });
}
fs.writeFileSync(out, JSON.stringify({ version: 1, nextId: n + 1, tasks }, null, 2) + '\n');
