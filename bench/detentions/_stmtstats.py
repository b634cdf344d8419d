"""Sums PostgreSQL's per-statement CPU (log_parser_stats, log_planner_stats, log_executor_stats) from its server log, from a byte offset, by statement
text. Diagnostic for bench/detentions/_imp.ts STMT_STATS=1: python3 bench/detentions/_stmtstats.py <log> [offset]"""
import re, sys
from collections import defaultdict
log = open(sys.argv[1], 'rb')
log.seek(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
text = log.read().decode('utf-8', 'replace')
tot = defaultdict(lambda: [0, 0.0, 0.0])
# A QUERY STATISTICS entry: '! N s user, M s system, E s elapsed' ... then 'STATEMENT:  <text>' on the next log line.
for m in re.finditer(r'(?:QUERY|PARSER|PARSE ANALYSIS|REWRITER|PLANNER|EXECUTOR) STATISTICS\n.*?!\s+([\d.]+) s user, ([\d.]+) s system, ([\d.]+) s elapsed.*?STATEMENT:\s+(.*?)\n(?=\S)', text, re.S):
    key = re.sub(r'\s+', ' ', m.group(4))[:80]
    t = tot[key]; t[0] += 1; t[1] += float(m.group(1)) + float(m.group(2)); t[2] += float(m.group(3))
allcpu = sum(v[1] for v in tot.values())
print(f'{allcpu*1000:.0f} ms of CPU in {sum(v[0] for v in tot.values())} statements')
for k, (n, cpu, el) in sorted(tot.items(), key=lambda kv: -kv[1][1])[:25]:
    print(f'{cpu*1000:8.0f} ms cpu {el*1000:8.0f} ms elapsed x{n:<5} {k}')
