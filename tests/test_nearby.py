"""Nearby posts: cost bounded by the inputs at every geometric extreme, and exact results there too."""

import time

import pytest

from secret_graph import geo
from secret_graph.db.cypher import feeds

EXTREMES = [
    (90, 0, 50),
    (-90, 0, 50),
    (89.99, 0, 50),
    (-89.99, 179.99, 50),
    (90, 180, 0),
    (0, 180, 50),
    (0, -180, 50),
    (0, 179.99, 50),
    (45, -179.99, 50),
    (0, 0, 0),
    (70, 20, 50),
]
CPU_BOUND_S = 0.5  # generous: the worst case takes a few milliseconds; it took 20 s before issue 13


def _nearby(api, user, lat, lon, radius_km, **extra):
    query = {"lat": lat, "lon": lon, "radius_km": radius_km, **extra}
    return api.get("/v1/nearby", user, query_string=query)


@pytest.mark.parametrize(("lat", "lon", "radius_km"), EXTREMES)
def test_nearby_costs_little_cpu_at_geometric_extremes(api, lat, lon, radius_km):
    user = api.new_user()
    api.create_post(user, "here", location={"lat": lat, "lon": lon})
    started = time.process_time()
    answer = _nearby(api, user, lat, lon, radius_km)
    spent = time.process_time() - started
    assert answer.status_code == 200, answer.get_json()
    assert len(answer.get_json()["items"]) == 1  # the point's own cell is always searched
    assert spent < CPU_BOUND_S, f"nearby at ({lat}, {lon}, {radius_km} km) took {spent:.2f} s of CPU"
    started = time.process_time()
    assert _nearby(api, user, lat, lon, radius_km, cursor="garbage").status_code == 400
    assert time.process_time() - started < CPU_BOUND_S, "a malformed cursor must be refused before any work"
    started = time.process_time()
    found = geo.area(lat, lon, radius_km)
    assert time.process_time() - started < CPU_BOUND_S
    assert len(found.prefixes) <= geo.MAX_PREFIXES and len(found.rows) <= 50


def test_nearby_is_exact_across_the_antimeridian(api):
    author, reader = api.new_user(), api.new_user()
    east = api.create_post(author, "east of the line", location={"lat": 0.05, "lon": 179.99})
    west = api.create_post(author, "west of the line", location={"lat": -0.01, "lon": -179.98})
    edge = api.create_post(author, "on the line", location={"lat": 0.0, "lon": 180})
    api.create_post(author, "110 km away", location={"lat": 0.0, "lon": 179.0})
    found = _nearby(api, reader, 0.0, -179.99, 10).get_json()["items"]
    assert {item["id"] for item in found} == {east["id"], west["id"], edge["id"]}
    own_cell = _nearby(api, reader, 0.0, 180, 0).get_json()["items"]
    assert [item["id"] for item in own_cell] == [edge["id"]]


def test_nearby_is_exact_near_a_pole(api):
    author, reader = api.new_user(), api.new_user()
    here = api.create_post(author, "11 km from the pole", location={"lat": 89.9, "lon": 100})
    across = api.create_post(author, "across the pole", location={"lat": 89.9, "lon": -80})
    rim = api.create_post(author, "44 km from the pole", location={"lat": 89.6, "lon": 45})
    api.create_post(author, "111 km from the pole", location={"lat": 89.0, "lon": 0})  # same coarse prefix
    api.create_post(author, "south pole", location={"lat": -89.9, "lon": 0})
    at_pole = _nearby(api, reader, 90, 0, 50).get_json()["items"]
    assert {item["id"] for item in at_pole} == {here["id"], across["id"], rim["id"]}
    assert {item["id"] for item in _nearby(api, reader, 89.99, -120, 50).get_json()["items"]} == {
        here["id"], across["id"], rim["id"]
    }  # fmt: skip
    # From (89.9, 100): the post across the pole is 22 km away, the one at 89.0 N 0 E about 110 km.
    assert [item["id"] for item in _nearby(api, reader, 89.9, 100, 10).get_json()["items"]] == [here["id"]]
    assert {item["id"] for item in _nearby(api, reader, 89.9, 100, 25).get_json()["items"]} == {
        here["id"], across["id"]
    }  # fmt: skip


def test_radius_zero_is_the_points_own_cell_in_the_spec_and_the_service(api):
    author, reader = api.new_user(), api.new_user()
    inside = api.create_post(author, "same cell", location={"lat": 48.8584, "lon": 2.2945})
    api.create_post(author, "next cell", location={"lat": 48.8584, "lon": 2.2945 + 0.05})
    answer = _nearby(api, reader, 48.8585, 2.2946, 0)
    assert answer.status_code == 200
    assert [item["id"] for item in answer.get_json()["items"]] == [inside["id"]]
    assert _nearby(api, reader, 48.8585, 2.2946, -0.1).status_code == 422
    assert _nearby(api, reader, 48.8585, 2.2946, 50.01).status_code == 422
    spec = api.get("/openapi.json").get_json()
    (radius,) = [p for p in spec["paths"]["/v1/nearby"]["get"]["parameters"] if p["name"] == "radius_km"]
    assert radius["schema"]["minimum"] == 0 and radius["schema"]["maximum"] == 50
    assert not radius["schema"].get("exclusiveMinimum")


@pytest.mark.parametrize("lat", [-60.0, -12.5, 0.0, 33.3, 48.86, 59.9])
@pytest.mark.parametrize("radius_km", [0, 0.7, 4.9, 10, 27.5, 50])
def test_the_area_is_every_cell_whose_centre_lies_within_the_radius(lat, radius_km):
    for lon in (-180.0, -179.99, 2.34, 179.99, 180.0):
        found = set(geo.cells(geo.area(lat, lon, radius_km)))
        row, col = geo.indices(geo.encode(lat, lon))
        expected = {geo.encode(lat, lon)}
        for r in range(row - 13, row + 14):
            for c in range(col - 25, col + 26):
                cell = _cell_at(r, c % geo.COLS)
                if geo.distance_km((lat, lon), geo.center(cell)) <= radius_km:
                    expected.add(cell)
        assert found == expected, (lat, lon, radius_km)


def _cell_at(row: int, col: int) -> str:
    """The precision-5 cell at (row, column), found through encode() at its centre, not the code under test."""
    lat = -90 + (row + 0.5) * 180 / geo.ROWS
    lon = -180 + (col + 0.5) * 360 / geo.COLS
    return geo.encode(lat, lon)


def test_nearby_seeks_the_geohash_index_once_per_prefix_even_when_other_indexes_look_cheaper(api, db):
    # Many posts outside any area make a scan tempting to the planner; it must still seek by prefix.
    db.driver.execute_query(
        "UNWIND range(1, 3000) AS n CREATE (:Post {id: 'filler-' + n, geohash: $cells[n % size($cells)], "
        "created_at: n, status: 'visible', visible_at: 0, flags_reset_at: 0})",
        cells=[geo.encode(89 + n % 100 / 100, n * 7 % 360 - 180) for n in range(500)]
        + [geo.encode(70 + n % 50 / 100, 20 + n % 40 / 40) for n in range(500)],
    )
    db.driver.execute_query("CALL db.resampleOutdatedIndexes()")
    found = geo.area(90, 0, 50)
    params = {"prefixes": found.prefixes, "ranges": found.ranges(), "parts": geo.PARTS, "since": 0}
    params |= {"until": 10**15, "sort": "recent", "after_key": None, "after_id": None, "batch": 25}
    profile = db.driver.execute_query(
        "CYPHER replan=force PROFILE " + feeds.nearby_candidates.text, params
    ).summary.profile

    def operators(plan):
        yield plan["operatorType"].split("@")[0], plan.get("dbHits", 0)
        for child in plan.get("children", []):
            yield from operators(child)

    used = list(operators(profile))
    assert "NodeIndexSeekByRange" in [name for name, _ in used]
    assert not [name for name, _ in used if "Scan" in name], used
    assert sum(hits for _, hits in used) < 20_000  # a scan per prefix read 3000 x 256 entries
