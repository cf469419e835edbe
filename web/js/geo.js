// Coarse positions. The browser's position is snapped here, on the device, to the centre of its
// geohash cell of precision 5 (about 4.9 x 4.9 km): the cell the server keeps anyway
// (secret_graph/geo.py, docs/visibility.md). So the exact point never leaves the phone: not in a
// post's body, not in a nearby query's URL (which a server or proxy may log). The position is
// asked only when the person presses a button or ticks a box, and it is not stored.
const BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";
export const PRECISION = 5;

/** The geohash cell holding (lat, lon), as secret_graph.geo.encode computes it. */
export function encode(lat, lon, precision = PRECISION) {
  const latRange = [-90, 90];
  const lonRange = [-180, 180];
  let bits = 0;
  let value = 0;
  let even = true;
  let out = "";
  while (out.length < precision) {
    const [range, coord] = even ? [lonRange, lon] : [latRange, lat];
    const mid = (range[0] + range[1]) / 2;
    value <<= 1;
    if (coord >= mid) { value |= 1; range[0] = mid; } else { range[1] = mid; }
    even = !even;
    bits += 1;
    if (bits === 5) { out += BASE32[value]; bits = 0; value = 0; }
  }
  return out;
}

/** The centre of a cell, rounded to 5 decimals as secret_graph.geo.center does. */
export function center(cell) {
  const latRange = [-90, 90];
  const lonRange = [-180, 180];
  let even = true;
  for (const char of cell) {
    const index = BASE32.indexOf(char);
    for (let shift = 4; shift >= 0; shift -= 1) {
      const range = even ? lonRange : latRange;
      const mid = (range[0] + range[1]) / 2;
      if ((index >> shift) & 1) range[0] = mid; else range[1] = mid;
      even = !even;
    }
  }
  // No centre lies on a rounding tie (they are odd multiples of 45/2048), so this matches Python's round().
  const round = (x) => Math.round(x * 1e5) / 1e5;
  return { lat: round((latRange[0] + latRange[1]) / 2), lon: round((lonRange[0] + lonRange[1]) / 2) };
}

/** (lat, lon) -> the centre of its ~5 km cell: all the API needs, and all it keeps. */
export function coarse(lat, lon) {
  return center(encode(lat, lon));
}

/** The browser's position, coarsened; rejects with the GeolocationPositionError (code 1: denied). */
export function coarsePosition() {
  return new Promise((resolve, reject) => {
    if (!("geolocation" in navigator)) { reject(Object.assign(new Error("unsupported"), { code: 2 })); return; }
    navigator.geolocation.getCurrentPosition(
      (found) => resolve(coarse(found.coords.latitude, found.coords.longitude)),
      reject,
      // A 5 km cell needs no GPS fix: the network position is enough and spares the battery.
      { enableHighAccuracy: false, maximumAge: 10 * 60 * 1000, timeout: 20 * 1000 });
  });
}
