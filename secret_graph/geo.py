"""Locations are snapped to geohash cells of precision 5 (about 4.9 x 4.9 km): the exact point
is never stored, and a post shows only its cell and the cell's centre."""

from __future__ import annotations

import math
from dataclasses import dataclass

from secret_graph.errors import InvalidInput

PRECISION = 5
_BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"
_EARTH_KM = 6371.0
MAX_RADIUS_KM = 50.0


def encode(lat: float, lon: float, precision: int = PRECISION) -> str:
    """The geohash cell that holds (lat, lon)."""
    lat_range, lon_range = [-90.0, 90.0], [-180.0, 180.0]
    bits, value, even, out = 0, 0, True, []
    while len(out) < precision:
        rng, coord = (lon_range, lon) if even else (lat_range, lat)
        mid = (rng[0] + rng[1]) / 2
        value <<= 1
        if coord >= mid:
            value |= 1
            rng[0] = mid
        else:
            rng[1] = mid
        even = not even
        bits += 1
        if bits == 5:
            out.append(_BASE32[value])
            bits, value = 0, 0
    return "".join(out)


def bounds(cell: str) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) of a cell."""
    lat_range, lon_range = [-90.0, 90.0], [-180.0, 180.0]
    even = True
    for char in cell:
        index = _BASE32.index(char)
        for shift in range(4, -1, -1):
            rng = lon_range if even else lat_range
            mid = (rng[0] + rng[1]) / 2
            if index >> shift & 1:
                rng[0] = mid
            else:
                rng[1] = mid
            even = not even
    return lat_range[0], lat_range[1], lon_range[0], lon_range[1]


def center(cell: str) -> tuple[float, float]:
    lat_min, lat_max, lon_min, lon_max = bounds(cell)
    return round((lat_min + lat_max) / 2, 5), round((lon_min + lon_max) / 2, 5)


def validate(lat: object, lon: object) -> tuple[float, float]:
    if (
        not isinstance(lat, int | float)
        or not isinstance(lon, int | float)
        or isinstance(lat, bool)
        or isinstance(lon, bool)
    ):
        raise InvalidInput("location needs numeric lat and lon", field="location")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise InvalidInput("lat is -90..90 and lon is -180..180", field="location")
    return float(lat), float(lon)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


# Precision-5 cells form a grid of 4096 rows (12 latitude bits) by 8192 columns (13 longitude bits).
ROWS, COLS = 1 << 12, 1 << 13
_ROW_DEG, _COL_DEG = 180.0 / ROWS, 360.0 / COLS
# Most geohash prefixes one nearby query seeks. A circle needing more precision-5 cells (near a pole a
# 50 km circle spans whole rows of 8192 narrow cells) is covered with shorter prefixes instead, and the
# query keeps only the exact cells (`Area.rows`). Bounds the work of a request whatever its geometry.
MAX_PREFIXES = 1024


@dataclass(frozen=True)
class Area:
    """The cells of a nearby query: `prefixes` to seek (they cover every cell), and the exact cells as
    `rows` of column ranges `{"row", "lo", "hi"}`; `precise` when the prefixes are those cells."""

    prefixes: list[str]
    rows: list[dict[str, int]]
    precise: bool

    def ranges(self) -> dict[str, list[list[int]]]:
        """The exact cells as the query reads them: [[first column, last column], ...] by row."""
        by_row: dict[str, list[list[int]]] = {}
        for r in self.rows:
            by_row.setdefault(str(r["row"]), []).append([r["lo"], r["hi"]])
        return by_row


def area(lat: float, lon: float, radius_km: float) -> Area:
    """The precision-5 cells whose centre lies within radius_km of the point, plus the point's own cell.

    Work is bounded whatever the point: at most ~25 rows of column ranges, each found with a few
    distance checks, and at most MAX_PREFIXES prefixes.
    """
    own_row, own_col = indices(encode(lat, lon))
    reach = math.degrees(radius_km / _EARTH_KM) + _ROW_DEG
    first = max(0, int((lat - reach + 90) / _ROW_DEG))
    last = min(ROWS - 1, int((lat + reach + 90) / _ROW_DEG))
    ranges: list[tuple[int, int, int]] = []
    for row in range(first, last + 1):
        found = _columns(lat, lon, radius_km, row)
        if found is not None:
            ranges += [(row, lo, hi) for lo, hi in _wrap(*found)]
    if not any(row == own_row and lo <= own_col <= hi for row, lo, hi in ranges):
        ranges.append((own_row, own_col, own_col))
    for length in range(PRECISION, 0, -1):
        coarse = _coarse(ranges, length)
        if sum(hi - lo + 1 for _, lo, hi in coarse) <= MAX_PREFIXES or length == 1:
            break
    prefixes = sorted(_code(row, col, length) for row, lo, hi in coarse for col in range(lo, hi + 1))
    rows = [{"row": row, "lo": lo, "hi": hi} for row, lo, hi in sorted(ranges)]
    return Area(prefixes=prefixes, rows=rows, precise=length == PRECISION)


def cells(found: Area) -> list[str]:
    """Every precision-5 cell of an area (for tests and small areas: a polar one has ~80,000)."""
    return sorted(_code(r["row"], col, PRECISION) for r in found.rows for col in range(r["lo"], r["hi"] + 1))


def indices(cell: str) -> tuple[int, int]:
    """(row, column) of a precision-5 cell in the grid."""
    lat_min, _, lon_min, _ = bounds(cell)
    return round((lat_min + 90) / _ROW_DEG), round((lon_min + 180) / _COL_DEG)


def _parts() -> dict[str, list[int]]:
    """For each geohash character: what it adds to a precision-5 cell's row and column at each of the
    five positions, as [row at 0, column at 0, row at 1, ...], so a query decodes a cell with sums."""
    table = {}
    for char in _BASE32:
        value = _BASE32.index(char)
        shares = []
        for position in range(PRECISION):
            row = col = 0
            for offset in range(5):
                bit_index = 5 * position + offset  # even bits are longitude (13 of them), odd latitude (12)
                bit = value >> (4 - offset) & 1
                if bit_index % 2 == 0:
                    col |= bit << (12 - bit_index // 2)
                else:
                    row |= bit << (11 - bit_index // 2)
            shares += [row, col]
        table[char] = shares
    return table


PARTS = _parts()


def _centre(row: int, col: int) -> tuple[float, float]:
    # The same value as center(): cell edges are exact binary fractions of the degree ranges.
    return round(-90 + (row + 0.5) * _ROW_DEG, 5), round(-180 + (col % COLS + 0.5) * _COL_DEG, 5)


def _columns(lat: float, lon: float, radius_km: float, row: int) -> tuple[int, int] | None:
    """The columns of ``row`` whose centre lies within the radius, as an unwrapped range, or None."""

    def inside(col: int) -> bool:
        return distance_km((lat, lon), _centre(row, col)) <= radius_km

    nearest = min(COLS - 1, int((lon + 180) / _COL_DEG))
    if not inside(nearest):  # the nearest column is the closest one: nothing in this row is inside
        return None
    row_lat = _centre(row, 0)[0]
    denominator = math.cos(math.radians(lat)) * math.cos(math.radians(row_lat))
    if denominator < 1e-12:  # the point or the row sits on a pole: longitude does not matter
        return 0, COLS - 1
    cosine = (math.cos(radius_km / _EARTH_KM) - math.sin(math.radians(lat)) * math.sin(math.radians(row_lat))) / (
        denominator
    )
    half = 180.0 if cosine <= -1 else math.degrees(math.acos(min(1.0, cosine)))
    offset = (lon + 180) / _COL_DEG - 0.5 - nearest  # where the point lies from the nearest centre, in columns
    # From the nearest column, at most COLS // 2 to the west and COLS // 2 - 1 to the east reach every
    # column once; the estimate from the half-width is then corrected by the exact distance check.
    west = _extent(lambda k: inside(nearest - k), half / _COL_DEG + offset, COLS // 2)
    east = _extent(lambda k: inside(nearest + k), half / _COL_DEG - offset, COLS // 2 - 1)
    if west + east + 1 >= COLS:
        return 0, COLS - 1
    return nearest - west, nearest + east


def _extent(inside, estimate: float, most: int) -> int:
    """The largest k in 0..most with inside(k), starting from an estimate (inside is monotonic)."""
    k = max(0, min(most, int(estimate)))
    while k < most and inside(k + 1):
        k += 1
    while k > 0 and not inside(k):
        k -= 1
    return k


def _wrap(lo: int, hi: int) -> list[tuple[int, int]]:
    """An unwrapped column range as one or two ranges within 0..COLS-1 (across the antimeridian)."""
    if lo < 0:
        return [(lo + COLS, COLS - 1), (0, hi)]
    if hi >= COLS:
        return [(lo, COLS - 1), (0, hi - COLS)]
    return [(lo, hi)]


def _coarse(ranges: list[tuple[int, int, int]], length: int) -> list[tuple[int, int, int]]:
    """The column ranges of the prefixes of ``length`` characters that hold the given cells, merged."""
    row_shift = 12 - 5 * length // 2
    col_shift = 13 - (5 * length + 1) // 2
    shifted = sorted({(row >> row_shift, lo >> col_shift, hi >> col_shift) for row, lo, hi in ranges})
    merged: list[tuple[int, int, int]] = []
    for row, lo, hi in shifted:
        if merged and merged[-1][0] == row and lo <= merged[-1][2] + 1:
            merged[-1] = (row, merged[-1][1], max(hi, merged[-1][2]))
        else:
            merged.append((row, lo, hi))
    return merged


def _code(row: int, col: int, length: int) -> str:
    """The geohash of ``length`` characters of a (row, column) in that length's grid."""
    lat_bits, lon_bits = 5 * length // 2, (5 * length + 1) // 2
    value = 0
    for bit in range(5 * length):
        if bit % 2 == 0:
            lon_bits -= 1
            value = value << 1 | (col >> lon_bits & 1)
        else:
            lat_bits -= 1
            value = value << 1 | (row >> lat_bits & 1)
    return "".join(_BASE32[value >> shift & 31] for shift in range(5 * (length - 1), -1, -5))
