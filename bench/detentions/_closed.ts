/**
 * Diagnostic: closed-loop HTTP clients (CONC=1,8,32 at a time) against the bench server child, with the server's and
 * the client's CPU per request. Sample pg_stat_activity wait events meanwhile to see what writers wait on.
 * Run: CONC=8,64 N=2000 npx tsx bench/detentions/_closed.ts
 */
import http from 'node:http';
import fs from 'node:fs';
import { createBenchDatabase, startServer, syntheticBodies } from './common.js';
const db = await createBenchDatabase('bench_detentions_closed');
const server = await startServer(db.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const body = syntheticBodies(42, { entidad: '14', now: new Date(), spreadDays: 2, idPrefix: `c-${Date.now()}` });
const post = (i: number) => new Promise<number>((resolve) => {
  const p = JSON.stringify(body(i));
  const req = http.request({ host: '127.0.0.1', port: server.info.port, path: '/api/detentions', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: server.info.authorization, 'content-length': Buffer.byteLength(p) } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)); });
  req.end(p);
});
const cpu = () => { const f = fs.readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
let next = 0;
for (const C of (process.env.CONC ?? '1,8,32').split(',').map(Number)) {
  const N = Number(process.env.N ?? 1500); const end = next + N; const c0 = cpu(); const t0 = performance.now(); const cl0 = process.cpuUsage();
  await Promise.all(Array.from({ length: C }, async () => { while (next < end) { const s = await post(next++); if (s !== 201) console.log(s); } }));
  const el = performance.now() - t0; const cl = process.cpuUsage(cl0);
  console.log(`conc ${C}: ${(N / el * 1000).toFixed(0)} req/s, ${(el / N * C).toFixed(1)} ms/req latency, server cpu ${((cpu() - c0) / N).toFixed(2)} ms/req, client cpu ${((cl.user + cl.system) / 1000 / N).toFixed(2)} ms/req`);
}
agent.destroy(); await server.stop(); await db.drop();
