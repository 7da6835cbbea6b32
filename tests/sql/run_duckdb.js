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
  process.stdout.write(JSON.stringify(rows, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  process.stdout.write('\n');
}

main().catch((err) => {
  process.stderr.write(String(err && err.message ? err.message : err) + '\n');
  process.exit(1);
});
