/**
 * Summarises a V8 .cpuprofile (from a benchmark's BENCH_CPU_PROF): self time by function and by source file, with
 * GC, idle and native time on their own lines, so two profiles of one path can be compared by share; and total time
 * by function (itself and everything it called), which tells which stage of a pipeline costs what.
 * Run: npx tsx bench/cpuprofile.ts <file.cpuprofile> [top=25]
 */
import fs from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const [file, topArg] = process.argv.slice(2);
if (!file) { console.error('usage: npx tsx bench/cpuprofile.ts <file.cpuprofile> [top]'); process.exit(2); }
const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const top = Number(topArg ?? 25);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const short = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, 'nm:').replace(/^.*\/(src|bench)\//, '$1/');
const fnKey = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const byFn = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  add(byFn, fnKey(n), us);
  add(byFile, n.callFrame.url ? short(n.callFrame.url) : n.callFrame.functionName, us);
}
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(100 * us / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
show('self time by function', byFn);
// Total time: each sample counts once for every function on its stack (once per function, whatever the recursion).
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const totalFn = new Map<string, number>();
for (let i = 0; i < prof.samples.length; i++) {
  const seen = new Set<string>();
  for (let id: number | undefined = prof.samples[i]; id !== undefined; id = parent.get(id)) {
    const k = fnKey(byId.get(id)!);
    if (!seen.has(k)) { seen.add(k); add(totalFn, k, prof.timeDeltas[i] ?? 0); }
  }
}
show('total time by function (self + callees)', totalFn);
show('self time by file', byFile);
