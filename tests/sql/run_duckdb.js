// Runs a SQL script (stdin) in an in-memory DuckDB and prints the rows of
// its last statement as one JSON array (BIGINT as numbers). Used by the C++
// tests of `waftune sql --engine duckdb`. Exit 1 with the error on stderr.
'use strict';
const fs = require('fs');
const { DuckDBInstance } = require('@duckdb/node-api');

async function main() {
  const sql = fs.readFileSync(0, 'utf8');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const statements = await connection.extractStatements(sql);
  let rows = [];
  for (let i = 0; i < statements.count; i++) {
    const prepared = await statements.prepare(i);
    const reader = await prepared.runAndReadAll();
    rows = reader.getRowObjects();
  }
  if (process.argv.includes('--csv')) {
    // As Athena writes results: a header, every value quoted, NULL empty.
    const cols = rows.length ? Object.keys(rows[0]) : [];
    const cell = (v) => (v === null || v === undefined ? '' : '"' + String(v).replace(/"/g, '""') + '"');
    process.stdout.write(cols.map((c) => '"' + c + '"').join(',') + '\n');
    for (const r of rows) process.stdout.write(cols.map((c) => cell(r[c])).join(',') + '\n');
    return;
  }
  process.stdout.write(JSON.stringify(rows, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  process.stdout.write('\n');
}

main().catch((err) => {
  process.stderr.write(String(err && err.message ? err.message : err) + '\n');
  process.exit(1);
});
