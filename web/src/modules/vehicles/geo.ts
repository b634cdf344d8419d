/**
 * Longitude/latitude → coordinates of the @svg-maps/mexico outlines (viewBox 0 0 793 498), so points can be drawn
 * on the ECharts 'mexico' map. The SVG is a Mercator projection: its width/height ratio (1.594) matches Mercator over
 * Mexico's extent (1.587) and not a plain lon/lat plate (1.742). Calibrated on the outline's extreme points: west
 * Isla Guadalupe (x 0.29 ↔ −118.40°), east Isla Mujeres (x 792.19 ↔ −86.71°), north the Baja California border
 * (y 0.29 ↔ 32.72°), south the mouth of the Suchiate (y 497.21 ↔ 14.53°). test/map-calibration.test.ts checks that
 * every state's centroid lands inside its own outline.
 */
const W = { lon: -118.4, x: 0.29 };
const E = { lon: -86.71, x: 792.19 };
const N = { lat: 32.72, y: 0.29 };
const S = { lat: 14.53, y: 497.21 };
const merc = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
const kx = (E.x - W.x) / (E.lon - W.lon);
const ky = (S.y - N.y) / (merc(S.lat) - merc(N.lat));

/** [x, y] on the SVG map for a point in degrees. */
export function project(lon: number, lat: number): [number, number] {
  return [W.x + (lon - W.lon) * kx, N.y + (merc(lat) - merc(N.lat)) * ky];
}

/** Polygons (rings of [x, y]) of an @svg-maps path (its commands are m/M/l/z only). */
export function pathPolygons(d: string): [number, number][][] {
  const toks = d.match(/[mMlLzZ]|-?\d*\.?\d+(?:e-?\d+)?/g) ?? [];
  const out: [number, number][][] = [];
  let cur: [number, number][] | null = null;
  let x = 0, y = 0, sx = 0, sy = 0, cmd = 'l';
  for (let i = 0; i < toks.length;) {
    const t = toks[i];
    if (/[a-zA-Z]/.test(t)) {
      i++;
      if (t === 'z' || t === 'Z') { x = sx; y = sy; cur = null; continue; }
      if (t === 'm' || t === 'M') {
        const a = +toks[i++], b = +toks[i++];
        if (t === 'm') { x += a; y += b; } else { x = a; y = b; }
        sx = x; sy = y; cur = [[x, y]]; out.push(cur);
        cmd = t === 'm' ? 'l' : 'L';
      } else cmd = t;
      continue;
    }
    const a = +toks[i++], b = +toks[i++];
    if (cmd === 'l') { x += a; y += b; } else { x = a; y = b; }
    if (!cur) { cur = [[sx, sy]]; out.push(cur); }
    cur.push([x, y]);
  }
  return out;
}

/** Even-odd point-in-polygon over several rings. */
export function insidePolygons(p: [number, number], rings: [number, number][][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
