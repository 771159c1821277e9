// Parses one CSV file with csv-parse or papaparse (streaming, every field visited) and prints "name MB/s checksum".
// Usage: node node-parse.js <csv-parse|papaparse> <file.csv> <node_modules dir>
'use strict';
const fs = require('fs');
const path = require('path');
const [which, file, modules] = process.argv.slice(2);
const size = fs.statSync(file).size;
const started = process.hrtime.bigint();

function done(total) {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${which} ${Math.round(size / 1048576 / seconds)} ${total}`);
}

// The checksum is the total length of the field values, as the .NET readers report it (the data is ASCII).
if (which === 'csv-parse') {
  const { parse } = require(path.join(modules, 'csv-parse'));
  let total = 0;
  const parser = fs.createReadStream(file, { highWaterMark: 1 << 16 }).pipe(parse({ from_line: 2, relax_column_count: false }));
  parser.on('readable', () => {
    let row;
    while ((row = parser.read()) !== null) for (const field of row) total += field.length;
  });
  parser.on('end', () => done(total));
  parser.on('error', (e) => { console.error(e.message); process.exit(1); });
} else if (which === 'papaparse') {
  const Papa = require(path.join(modules, 'papaparse'));
  let total = 0;
  let header = true;
  Papa.parse(fs.createReadStream(file, { highWaterMark: 1 << 16 }), {
    chunk: (results) => {
      for (const row of results.data) {
        if (header) { header = false; continue; }
        if (row.length === 1 && row[0] === '') continue;
        for (const field of row) total += field.length;
      }
    },
    complete: () => done(total),
    error: (e) => { console.error(e.message); process.exit(1); },
  });
} else {
  console.error(`unknown parser ${which}`);
  process.exit(2);
}
