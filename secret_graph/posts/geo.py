"""Locations are snapped to geohash cells of precision 5 (about 4.9 x 4.9 km): the exact point
is never stored, and a post shows only its cell and the cell's centre."""

from __future__ import annotations

import math

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


def cells_within(lat: float, lon: float, radius_km: float) -> list[str]:
    """Cells whose centre lies within radius_km of the point, plus the point's own cell."""
    lat_min, lat_max, lon_min, lon_max = bounds(encode(lat, lon))
    step_lat, step_lon = lat_max - lat_min, lon_max - lon_min
    reach_lat = radius_km / 111.0 + step_lat
    reach_lon = radius_km / max(0.01, 111.0 * math.cos(math.radians(lat))) + step_lon
    cells = {encode(lat, lon)}
    y = max(-89.999, lat - reach_lat)
    while y <= min(89.999, lat + reach_lat):
        x = lon - reach_lon
        while x <= lon + reach_lon:
            wrapped = (x + 180) % 360 - 180
            cell = encode(y, wrapped)
            if distance_km((lat, lon), center(cell)) <= radius_km:
                cells.add(cell)
            x += step_lon
        y += step_lat
    return sorted(cells)
