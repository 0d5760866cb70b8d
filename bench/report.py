"""The benchmark's printed table and its verdict on the performance targets."""

from bench.pages import PAGES


def _cell(page: dict, key: str, fmt: str) -> str:
    value = page.get(key)
    if value is None:
        return f"HTTP {page['status']}" if key == "median_ms" and page.get("status") else "–"
    return format(value, fmt)


def table(results: dict, args) -> str:
    small, national = results["small"]["pages"], results["national"]["pages"]
    head = ["page", "MKIP med ms", "p95", "SQL", "req/s", "national med ms", "p95", "SQL", "req/s", "× MKIP time"]
    rows = [head]
    for label, method, _path, _who in PAGES:
        a, b = small[label], national[label]
        ratio = f"{b['median_ms'] / a['median_ms']:.2f}" if a.get("median_ms") and b.get("median_ms") else "–"
        rows.append(
            [
                f"{label}" + (" (POST)" if method == "POST" and "POST" not in label else ""),
                _cell(a, "median_ms", ".1f"),
                _cell(a, "p95_ms", ".1f"),
                _cell(a, "queries", "d"),
                _cell(a, "rps", ".1f"),
                _cell(b, "median_ms", ".1f"),
                _cell(b, "p95_ms", ".1f"),
                _cell(b, "queries", "d"),
                _cell(b, "rps", ".1f"),
                ratio,
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [
        f"MKIP scale: MKIP as load_mkip loads it. National scale: MKIP plus generate_national --seed {args.seed} "
        f"--councils {args.councils} --services {args.services}.",
        f"Latency: in process (Django test client), {args.n} requests a page ({args.pdf_n} for the PDF). "
        f"req/s: gunicorn, 2 sync workers, wrk with 4 connections for {args.seconds:.0f} s a page.",
        "",
    ]
    for index, row in enumerate(rows):
        lines.append(
            "| "
            + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
            + " |"
        )
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def targets(results: dict, trivial: str, dashboard: str, pdf: str, within_twice=()) -> str:
    small, national = results["small"]["pages"], results["national"]["pages"]
    out = []
    grew = [label for label in small if small[label].get("queries") != national[label].get("queries")]
    out.append(
        f"Queries a page, MKIP vs national: {'the same on every page' if not grew else 'DIFFER on ' + ', '.join(grew)}."
    )
    d, t = national[dashboard], national[trivial]
    if d.get("rps") is not None and t.get("rps"):
        share = d["rps"] / t["rps"]
        verdict = "met" if share >= 0.4 else "MISSED"
        out.append(f"Dashboard at national scale: {share:.0%} of the trivial view's req/s (target >= 40%): {verdict}.")
    if d.get("median_ms") and small[dashboard].get("median_ms"):
        ratio = d["median_ms"] / small[dashboard]["median_ms"]
        verdict = "met" if ratio <= 2 else "MISSED"
        out.append(f"Dashboard national / MKIP median time: {ratio:.2f}x (target <= 2x): {verdict}.")
    elif not d.get("median_ms"):
        out.append(f"Dashboard: not measured (HTTP {d.get('status')}).")
    for label in within_twice:
        a, b = small[label].get("median_ms"), national[label].get("median_ms")
        if a and b:
            verdict = "met" if b / a <= 2 else "MISSED"
            out.append(
                f"{label[0].upper()}{label[1:]}: national / MKIP median time {b / a:.2f}x (target <= 2x): {verdict}."
            )
        else:
            out.append(f"{label}: not measured (HTTP {small[label].get('status')} / {national[label].get('status')}).")
    for name, pages in (("MKIP", small), ("national", national)):
        p = pages[pdf]
        if p.get("median_ms"):
            ours = p["median_ms"] - p["weasy_ms"]
            out.append(
                f"Business-case PDF ({name}): {p['median_ms']:.0f} ms a request = "
                f"WeasyPrint layout {p['weasy_ms']:.0f} ms "
                f"({p['weasy_ms'] / p['median_ms']:.0%}) + ours {ours:.0f} ms (SQL {p['sql_ms']:.0f} ms, "
                f"template and the rest {ours - p['sql_ms']:.0f} ms)."
            )
    memory = results["national"].get("memory")
    if memory:
        out.append(memory_line(memory))
    return "\n".join(out)


def memory_line(memory: dict) -> str:
    """Each worker's resident memory through the run, and its growth after the first tenth (the warm-up)."""
    samples = memory["samples"]
    workers = range(len(samples[0]))
    through = "; ".join(f"worker {w + 1}: " + " → ".join(f"{sample[w]:.0f}" for sample in samples) for w in workers)
    growth = ", ".join(f"{samples[-1][w] - samples[1][w]:+.1f}" for w in workers)
    return (
        f"Worker memory (RSS, MB) over {memory['seconds']:.0f} s of the {memory['page']} under load, "
        f"sampled {len(samples) - 1} times: {through}. Growth after the first sample: {growth} MB."
    )
