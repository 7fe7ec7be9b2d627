"""Turns bench/run's JSON lines into the Markdown tables of docs/benchmarks.md.

    python3 bench/table.py bench/results/DATE.jsonl > bench/results/DATE.md

The main tables give, per size and server, the median over rounds of the per-round ratio to a
reference server run in the same round (the C floor; Netty for CPU per line and RSS per
connection), with the lowest and highest ratio. Then the median of each figure over rounds, then
every case. Reads the files of older runs too (one round, flat or grouped reports, no header line).
"""
import json
import os
import statistics
import sys

FLOOR = "c-epoll"  # the cheapest server: the reference for lag and CPU per line
YARDSTICK = "netty"  # what a Java engineer would write: the reference for CPU per line and memory

# The lag group's own fields; any other figure in a report that looks like a lag (a group with a
# p99, or a number in milliseconds) is shown as an optional column, by its name, when present.
LAG_KEYS = {"p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs"}


def figures(report):
    """The figures of one `clock load --json` report, whichever shape it has, or None."""
    if not report:
        return None
    if "connections" not in report:  # the flat shape of the results up to 2026-11-24
        r = report
        return {"connected": r["connected"], "requested": r.get("requested", r["connected"]),
                "closedEarly": r["closedEarly"], "lps": r["linesPerConnectionPerSecond"],
                "p50": r["lagP50Ms"], "p90": r["lagP90Ms"], "p99": r["lagP99Ms"], "max": r["lagMaxMs"],
                "skipped": r["skipped"], "repeated": r["repeated"], "malformed": r["malformed"],
                "cpu": r.get("serverCpuMicrosPerLine"), "rss": r.get("serverRssBytesPerConnection"),
                "rssEnd": r.get("serverRssEndBytes"), "extras": {}}
    c, lag, seq, srv = report["connections"], report["lag"], report["sequence"], report.get("server") or {}
    return {"connected": c["connected"], "requested": c["requested"], "closedEarly": c["closedEarly"],
            "lps": seq["linesPerConnectionPerSecond"],
            "p50": lag["p50Ms"], "p90": lag["p90Ms"], "p99": lag["p99Ms"], "max": lag["maxMs"],
            "skipped": seq["skipped"], "repeated": seq["repeated"], "malformed": seq["malformed"],
            "cpu": srv.get("cpuMicrosPerLine"), "rss": srv.get("rssBytesPerConnection"),
            "rssEnd": srv.get("rssEndBytes"), "extras": extra_lags(report)}


def extra_lags(report):
    """Lag-like figures beyond the lag group, e.g. the kernel's receive-time lag:
    {name: {"p50": ms, "p99": ms, "max": ms}}, each part None when the report lacks it.
    A group (at any depth) with a p99 key is one figure; so is a number in ms in the lag group or
    at the top level (shown as its p50, with no p99 or max)."""
    found = {}

    def pick(group, prefix):
        keys = [k for k in group if k.lower().replace("_", "").startswith(prefix)
                and not (prefix == "p99" and k.lower().replace("_", "").startswith("p999"))]
        return group[keys[0]] if keys else None

    def walk(group, path):
        for key, value in group.items():
            name = f"{path}.{key}" if path else key
            if isinstance(value, dict):
                if name != "lag" and any(k.lower().replace("_", "").startswith("p99") for k in value):
                    found[name] = {"p50": pick(value, "p50"), "p99": pick(value, "p99"), "max": pick(value, "max")}
                else:
                    walk(value, name)
            elif (isinstance(value, (int, float)) and not isinstance(value, bool)
                  and (path == "lag" and key not in LAG_KEYS or not path and key.lower().endswith(("ms", "_ms")))):
                found[name] = {"p50": value, "p99": None, "max": None}

    walk(report, "")
    return found


def num(v, fmt="{:.1f}"):
    return "n/a" if v is None else fmt.format(v)


def lag_cell(f):
    return f"{num(f['p50'])} / {num(f['p90'])} / {num(f['p99'])} / {num(f['max'])}"


def extra_cell(e):
    parts = [num(e[k]) for k in ("p50", "p99", "max") if e and e[k] is not None]
    return " / ".join(parts) if parts else "n/a"


def extra_name(name, group):
    """lag.readerDelayMs -> "readerDelay ms"; lagKernel (a group) -> "lagKernel p50 / p99 / max ms"."""
    for suffix in ("_ms", "Ms", "ms"):
        name = name.removesuffix(suffix)
    name = name.removeprefix("lag.")
    return f"{name} p50 / p99 / max ms" if group else f"{name} ms"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio_cell(ratios):
    if not ratios:
        return "n/a"
    cell = f"{statistics.median(ratios):.2f}"
    return cell if len(ratios) == 1 else f"{cell} ({min(ratios):.2f}–{max(ratios):.2f})"


def main(path):
    meta, cases, nc = {}, [], None
    for line in open(path):
        if not line.strip():
            continue
        row = json.loads(line)
        if "meta" in row:
            meta = row["meta"]
        elif "nc_first_line_ms" in row:
            nc = row["nc_first_line_ms"]
        elif "report" in row and "clients" in row:  # (an NTP run's lines have their own table)
            row.setdefault("round", 1)
            row["f"] = figures(row["report"])
            cases.append(row)

    if not cases:
        print(f"{path}: no `clock load` cases (lines with a server, clients and a report)", file=sys.stderr)
        sys.exit(1)
    servers = list(dict.fromkeys(meta.get("servers", []) + [c["server"] for c in cases]))
    sizes = list(dict.fromkeys(c["clients"] for c in cases))
    extras = list(dict.fromkeys(name for c in cases if c["f"] for name in c["f"]["extras"]))
    # Whether an extra figure is a group with a p99 (shown as p50 / p99 / max) or one number.
    grouped = {x: any(c["f"] and (c["f"]["extras"].get(x) or {}).get("p99") is not None for c in cases)
               for x in extras}
    by = {}  # (server, clients) -> {round: figures}
    for c in cases:
        if c["f"]:
            by.setdefault((c["server"], c["clients"]), {})[c["round"]] = c["f"]
    rounds = sorted({c["round"] for c in cases})

    def ratios(server, n, ref, get):
        """server's figure over ref's, in each round where both have it."""
        mine, theirs = by.get((server, n), {}), by.get((ref, n), {})
        out = []
        for r in rounds:
            if r in mine and r in theirs:
                a, b = get(mine[r]), get(theirs[r])
                if a is not None and b is not None and b > 0:
                    out.append(a / b)
        return out

    # The header: what ran, on what, in which order.
    stamp = os.path.basename(path).removesuffix(".jsonl")
    print(f"# Benchmark {stamp}\n")
    if meta:
        print(f"`{meta['command']}`, commit `{meta['commit']}`: {meta['rounds']} round{'s' if meta['rounds'] > 1 else ''} per size, holds of "
              f"{meta['hold']} after a settle of {meta.get('settle', '3s')}, clients ramped at {meta['rate']}/s from {meta['sources']} loopback addresses.\n")
        print(f"Machine: nproc {meta['nproc']}, {meta['cpu']}, {meta['memGiB']} GiB, "
              f"kernel {meta['kernel']}, JDK {meta['jdk']}; load average {meta['loadavg']} at the start.\n")
    if sizes:
        orders = {}
        for c in cases:
            if c["clients"] == sizes[0]:
                orders.setdefault(c["round"], []).append(c["server"])
        print("Order, at each size (a fresh server process per case): "
              + "; ".join(f"round {r}: {', '.join(s)}" for r, s in sorted(orders.items())) + ".\n")

    shown = []  # the ratio tables printed

    def ratio_table(title, ref, columns, skip=()):
        if ref not in servers:  # not asked for (bench/sse compares clock with itself)
            return
        shown.append(title)
        if not any((ref, n) in by for n in sizes):
            print(f"## {title}\n\nNo report from {ref} in this run.\n")
            return
        rows = [f"| {s} | {n} | " + " | ".join(ratio_cell(ratios(s, n, ref, get)) for _, get in columns) + " |"
                for n in sizes for s in servers if s != ref and s not in skip and (s, n) in by]
        print(f"## {title}\n")
        if not rows:
            print(f"No other server to compare with {ref}.\n")
            return
        print("| server | clients | " + " | ".join(name for name, _ in columns) + " |")
        print("|---|---:|" + "---:|" * len(columns))
        print("\n".join(rows) + "\n")

    note = ("Each cell is the median over rounds of the ratio of the server's figure to the reference's in "
            "the same round, with the lowest and highest of those ratios; under 1 is better than the reference.")
    floor_columns = [("lag p50", lambda f: f["p50"]), ("lag p99", lambda f: f["p99"]),
                     ("lag max", lambda f: f["max"])]
    for x in extras:  # a lag-like figure's p99, or its one value
        tail = lambda f, x=x: (lambda e: None if e is None else e["p99"] if e["p99"] is not None else e["p50"])(
            f["extras"].get(x))
        floor_columns.append((extra_name(x, False).removesuffix(" ms") + (" p99" if grouped[x] else ""), tail))
    floor_columns += [("CPU per line", lambda f: f["cpu"])]
    ratio_table(f"Against the C floor ({FLOOR}), median of per-round ratios", FLOOR, floor_columns)
    ratio_table(f"Against Netty ({YARDSTICK}), median of per-round ratios", YARDSTICK,
                [("CPU per line", lambda f: f["cpu"]), ("RSS per connection", lambda f: f["rss"]),
                 ("lag p99", lambda f: f["p99"])], skip=(FLOOR,))
    # An A/B of clock's own options (SERVERS="clock:--fanout-threads=1 clock:--fanout-threads=2 ..."):
    # each variant against the first, round by round.
    variants = [s for s in servers if any(c["server"] == s and c.get("kind", s) == "clock" for c in cases)]
    if len(variants) > 1:
        ratio_table(f"Clock's variants against {variants[0]}, median of per-round ratios", variants[0],
                    floor_columns[:3] + [("CPU per line", lambda f: f["cpu"]), ("RSS per connection", lambda f: f["rss"])],
                    skip=[s for s in servers if s not in variants])
    if shown:
        print(note + "\n")

    extra_heads = "".join(f" {extra_name(x, grouped[x])} |" for x in extras)
    heads = ("connected | closed early | lines/conn/s | lag p50 / p90 / p99 / max ms |" + extra_heads
             + " skips / repeats / malformed | CPU µs per line | RSS per conn | RSS at end |")
    aligns = "---:|" * (8 + len(extras))

    print("## Medians over rounds\n")
    print("Connected: the fewest in any round; closed early, skips, repeats, malformed: the sum over rounds; "
          "every other figure: the median over rounds.\n")
    print("| server | clients | rounds | " + heads)
    print("|---|---:|---:|" + aligns)
    for n in sizes:
        for s in servers:
            runs = list(by.get((s, n), {}).values())
            if not runs:
                if any(c["server"] == s and c["clients"] == n for c in cases):
                    print(f"| {s} | {n} | 0 | no report in any round |" + " |" * (7 + len(extras)))
                continue
            m = {k: median(f[k] for f in runs) for k in ("lps", "p50", "p90", "p99", "max", "cpu", "rss", "rssEnd")}
            ex = "".join(f" {extra_cell({k: median(f['extras'].get(x, {}).get(k) for f in runs) for k in ('p50', 'p99', 'max')})} |"
                         for x in extras)
            print(f"| {s} | {n} | {len(runs)} | {min(f['connected'] for f in runs)} of {runs[0]['requested']} "
                  f"| {sum(f['closedEarly'] for f in runs)} | {num(m['lps'], '{:.3f}')} | {lag_cell(m)} |{ex} "
                  f"{sum(f['skipped'] for f in runs)} / {sum(f['repeated'] for f in runs)} / {sum(f['malformed'] for f in runs)} "
                  f"| {num(m['cpu'], '{:.2f}')} | {num(m['rss'], '{:.0f} B')} "
                  f"| {num(None if m['rssEnd'] is None else m['rssEnd'] / 1e6, '{:.1f} MB')} |")
    print()

    print("## Every case, in the order run\n")
    print("| round | server | clients | load avg | " + heads)
    print("|---:|---|---:|---:|" + aligns)
    for c in cases:
        f, la = c["f"], num(c.get("loadavg"), "{:.2f}")
        if not f:
            print(f"| {c['round']} | {c['server']} | {c['clients']} | {la} | no report: the server did not start "
                  f"or the load failed |" + " |" * (7 + len(extras)))
            continue
        ex = "".join(f" {extra_cell(f['extras'].get(x))} |" for x in extras)
        print(f"| {c['round']} | {c['server']} | {c['clients']} | {la} | {f['connected']} | {f['closedEarly']} "
              f"| {num(f['lps'], '{:.3f}')} | {lag_cell(f)} |{ex} {f['skipped']} / {f['repeated']} / {f['malformed']} "
              f"| {num(f['cpu'], '{:.2f}')} | {num(f['rss'], '{:.0f} B')} "
              f"| {num(None if f['rssEnd'] is None or f['rssEnd'] < 0 else f['rssEnd'] / 1e6, '{:.1f} MB')} |")

    if nc:
        ms = sorted(nc)
        print(f"\n`clock nc` launch to first line: median {ms[len(ms) // 2]} ms (runs: {', '.join(map(str, nc))})")


if __name__ == "__main__":
    main(sys.argv[1])
