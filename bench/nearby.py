"""CPU time of a nearby query's geometry: typical places and the worst case (a 50 km circle at a pole).

    python -m bench.nearby [--repeat 51] [--old-repeat 3] [--old-polar-repeat 1]

Pure Python, no database. `old` is the cell loop before issue 13 (kept here only, for comparison),
which walked precision-5 cells whose width shrinks to nothing near a pole: 20 s of CPU for one request.
`new` is `geo.area`. Medians of CPU time (time.process_time) per call.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

from bench.common import write_results
from secret_graph import geo

CASES = [
    ("Paris, 10 km", 48.8606, 2.3376, 10, False),
    ("Paris, 50 km", 48.8606, 2.3376, 50, False),
    ("70 N, 50 km", 70.0, 20.0, 50, False),
    ("antimeridian 0 N 180 E, 50 km", 0.0, 180.0, 50, False),
    ("radius 0", 48.8606, 2.3376, 0, False),
    ("89.99 N, 50 km", 89.99, 0.0, 50, True),
    ("north pole, 50 km", 90.0, 0.0, 50, True),
]


def old_cells_within(lat: float, lon: float, radius_km: float) -> list[str]:
    """The function before issue 13, verbatim but for module prefixes."""
    lat_min, lat_max, lon_min, lon_max = geo.bounds(geo.encode(lat, lon))
    step_lat, step_lon = lat_max - lat_min, lon_max - lon_min
    reach_lat = radius_km / 111.0 + step_lat
    reach_lon = radius_km / max(0.01, 111.0 * math.cos(math.radians(lat))) + step_lon
    cells = {geo.encode(lat, lon)}
    y = max(-89.999, lat - reach_lat)
    while y <= min(89.999, lat + reach_lat):
        x = lon - reach_lon
        while x <= lon + reach_lon:
            wrapped = (x + 180) % 360 - 180
            cell = geo.encode(y, wrapped)
            if geo.distance_km((lat, lon), geo.center(cell)) <= radius_km:
                cells.add(cell)
            x += step_lon
        y += step_lat
    return sorted(cells)


def cpu_ms(fn, repeat: int) -> float:
    """Median CPU milliseconds per call."""
    samples = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        samples.append((time.process_time() - started) * 1000)
    return round(statistics.median(samples), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=51, help="calls of the new code per case")
    parser.add_argument("--old-repeat", type=int, default=3, help="calls of the old code per ordinary case")
    parser.add_argument(
        "--old-polar-repeat", type=int, default=1, help="calls of the old code at the poles (~20 s each)"
    )
    args = parser.parse_args()
    rows = []
    for name, lat, lon, radius, polar in CASES:
        found = geo.area(lat, lon, radius)
        new = cpu_ms(lambda lat=lat, lon=lon, radius=radius: geo.area(lat, lon, radius), args.repeat)
        repeat = args.old_polar_repeat if polar else args.old_repeat
        old = cpu_ms(lambda lat=lat, lon=lon, radius=radius: old_cells_within(lat, lon, radius), repeat)
        rows.append(
            {
                "case": name,
                "new_ms": new,
                "old_ms": old,
                "old_repeat": repeat,
                "prefixes": len(found.prefixes),
                "prefix_length": len(found.prefixes[0]),
                "cells": sum(r["hi"] - r["lo"] + 1 for r in found.rows),
            }
        )
        print(rows[-1], flush=True)
    table = [
        f"Nearby geometry, CPU ms per call (medians; new: {args.repeat} calls, old: as shown)",
        "",
        "| case | new ms | old ms | old calls | speed-up | prefixes sought | prefix length | exact cells |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        speedup = f"{row['old_ms'] / row['new_ms']:,.0f}x" if row["new_ms"] else "-"
        table.append(
            f"| {row['case']} | {row['new_ms']} | {row['old_ms']:,} | {row['old_repeat']} | {speedup} "
            f"| {row['prefixes']} | {row['prefix_length']} | {row['cells']:,} |"
        )
    path = write_results("nearby", {"cases": rows}, "\n".join(table) + "\n")
    print("\n".join(table))
    print(f"results: {path}")


if __name__ == "__main__":
    main()
