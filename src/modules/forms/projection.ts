/**
 * How the server-rendered maps (a form's base map, the steering's Kreise) turn WGS84 outlines into
 * SVG: plate carrée with the longitude shrunk by cos(latitude), true enough in shape for one Land.
 */

/** The frame a click is turned back into a place with: x = (lon - west) · kx, y = (north - lat) · ky. */
export interface MapFrame {
  west: number;
  north: number;
  /** SVG units per degree of longitude and of latitude. */
  kx: number;
  ky: number;
}

export interface MapProjection {
  height: number;
  frame: MapFrame;
  project: (lon: number, lat: number) => [number, number];
}

/** The projection that fits the areas' rings into `width` SVG units (a tenth of a unit is the precision). */
export function mapProjection(areas: readonly { rings: readonly (readonly [number, number][])[] }[], width: number): MapProjection {
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const area of areas) {
    for (const ring of area.rings) {
      for (const [lon, lat] of ring) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
    }
  }
  const shrink = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = width / ((maxLon - minLon) * shrink);
  const height = Math.ceil((maxLat - minLat) * scale);
  const project = (lon: number, lat: number): [number, number] => [Math.round((lon - minLon) * shrink * scale * 10) / 10, Math.round((maxLat - lat) * scale * 10) / 10];
  return { height, project, frame: { west: minLon, north: maxLat, kx: shrink * scale, ky: scale } };
}

/** An SVG path of the rings, without the points that round onto the one before. */
export function svgPath(rings: readonly (readonly [number, number][])[], project: MapProjection['project']): string {
  return rings
    .map((ring) => {
      const points = ring.map(([lon, lat]) => project(lon, lat)).filter((p, i, all) => i === 0 || p[0] !== all[i - 1]![0] || p[1] !== all[i - 1]![1]);
      return `M${points.map(([x, y]) => `${x} ${y}`).join('L')}Z`;
    })
    .join('');
}
