// What the manifest checksums cost: for every stage folder under <workspace>/artifacts, the
// time to hash all its files (hashFile: streamed SHA-256, what a stage pays once when it writes
// an artifact and once when a downstream stage verifies it before use). Median of 3 passes; the
// files are in the page cache, as they are right after a stage wrote them. CPU ms (this
// process's user + system time) does not depend on what else the machine is running; wall ms does.
//
//   npx tsx packages/artifacts/bench/hash-cost.ts <workspace root>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hashFile } from '../src/hash-file';

const root = process.argv[2] ?? process.cwd();
const base = join(root, 'artifacts');
const dirs = (d: string) => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => join(d, e.name)) : []);
const stages = dirs(base).flatMap(dirs).flatMap(dirs).filter((d) => existsSync(join(d, 'manifest.json')));

console.log('stage folder'.padEnd(44), 'files'.padStart(6), 'MB'.padStart(9), 'wall ms'.padStart(9), 'CPU ms'.padStart(8), 'MB/CPU s'.padStart(9), 'stage wall s'.padStart(13));
for (const dir of stages) {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: string[]; wallTimeSec: number };
  const passes: { wall: number; cpu: number }[] = [];
  let bytes = 0;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    bytes = m.files.reduce((n, f) => n + hashFile(join(dir, f)).size, 0);
    const c = process.cpuUsage(c0);
    passes.push({ wall: Number(process.hrtime.bigint() - t0) / 1e6, cpu: (c.user + c.system) / 1000 });
  }
  const { wall, cpu } = passes.sort((a, b) => a.cpu - b.cpu)[1];
  const mb = bytes / 1e6;
  console.log(relative(base, dir).padEnd(44), String(m.files.length).padStart(6), mb.toFixed(1).padStart(9), wall.toFixed(0).padStart(9), cpu.toFixed(0).padStart(8), (mb / (cpu / 1000)).toFixed(0).padStart(9), m.wallTimeSec.toFixed(1).padStart(13));
}
