"""Turns bench/run's JSON lines into the Markdown table of docs/benchmarks.md."""
import json
import sys


def flat(r):
    """A report in the flat shape of before the grouped JSON (results up to 2026-11-24 are flat)."""
    if "connections" not in r:
        return r
    c, lag, seq, srv = r["connections"], r["lag"], r["sequence"], r["server"] or {}
    return {"connected": c["connected"], "closedEarly": c["closedEarly"],
            "linesPerConnectionPerSecond": seq["linesPerConnectionPerSecond"],
            "lagP50Ms": lag["p50Ms"], "lagP90Ms": lag["p90Ms"], "lagP99Ms": lag["p99Ms"], "lagMaxMs": lag["maxMs"],
            "skipped": seq["skipped"], "repeated": seq["repeated"], "malformed": seq["malformed"],
            "serverCpuMicrosPerLine": srv.get("cpuMicrosPerLine"),
            "serverRssBytesPerConnection": srv.get("rssBytesPerConnection"),
            "serverRssEndBytes": srv.get("rssEndBytes", -1)}


rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print("| server | clients | connected | closed early | lines/conn/s | lag p50 / p90 / p99 / max ms "
      "| skips / repeats / malformed | CPU µs per line | RSS per conn | RSS at end |")
print("|---|---|---|---|---|---|---|---|---|---|")
for row in rows:
    if "report" not in row:
        continue
    r = flat(row["report"])
    f = lambda v, fmt="{:.1f}": "n/a" if v is None else fmt.format(v)
    print(f"| {row['server']} | {row['clients']} | {r['connected']} | {r['closedEarly']} "
          f"| {f(r['linesPerConnectionPerSecond'], '{:.3f}')} "
          f"| {f(r['lagP50Ms'])} / {f(r['lagP90Ms'])} / {f(r['lagP99Ms'])} / {f(r['lagMaxMs'])} "
          f"| {r['skipped']} / {r['repeated']} / {r['malformed']} "
          f"| {f(r['serverCpuMicrosPerLine'], '{:.2f}')} "
          f"| {f(r['serverRssBytesPerConnection'], '{:.0f}')} B | {r['serverRssEndBytes'] / 1e6:.1f} MB |")
for row in rows:
    if "nc_first_line_ms" in row:
        ms = sorted(row["nc_first_line_ms"])
        print(f"\n`clock nc` launch to first line: median {ms[len(ms) // 2]} ms (runs: {', '.join(map(str, row['nc_first_line_ms']))})")
