import { useMemo } from 'react';
import { EChart, ensureMexicoMap } from '../detentions/EChart';
import { project } from './geo';

export interface MapPoint { lon: number; lat: number; label: string }

/**
 * The state outlines with the camera, the theft position and the vehicle's route (reads in time order), drawn in
 * the SVG's own coordinates through the calibrated projection (geo.ts); zoomed to the points.
 */
export function VehicleMap({ camera, theft, route, height = 420, testId }: { camera?: MapPoint | null; theft?: MapPoint | null; route?: MapPoint[]; height?: number; testId?: string }) {
  ensureMexicoMap();
  const option = useMemo(() => {
    const pts = [camera, theft, ...(route ?? [])].filter((p): p is MapPoint => !!p).map((p) => project(p.lon, p.lat));
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const center = pts.length ? [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2] : undefined;
    const spread = pts.length ? Math.max(Math.max(...xs) - Math.min(...xs), (Math.max(...ys) - Math.min(...ys)) * 1.6, 40) : 800;
    const zoom = Math.max(1, Math.min(8, 600 / (spread + 60)));
    const pt = (p: MapPoint) => ({ name: p.label, value: project(p.lon, p.lat) });
    return {
      tooltip: { trigger: 'item', formatter: (p: { name: string; seriesName: string }) => `${p.seriesName}: ${p.name}` },
      geo: { map: 'mexico', roam: true, center, zoom, itemStyle: { areaColor: '#f4efe6', borderColor: '#9a8f80' }, emphasis: { disabled: true }, silent: true },
      series: [
        ...(route && route.length > 1 ? [{ name: 'Recorrido', type: 'lines', coordinateSystem: 'geo', polyline: true, data: [{ coords: route.map((p) => project(p.lon, p.lat)) }], lineStyle: { color: '#1c4e80', width: 2, type: 'dashed' } }] : []),
        ...(route && route.length ? [{ name: 'Lectura', type: 'scatter', coordinateSystem: 'geo', data: route.map(pt), symbolSize: 7, itemStyle: { color: '#1c4e80' } }] : []),
        ...(theft ? [{ name: 'Robo', type: 'scatter', coordinateSystem: 'geo', data: [pt(theft)], symbol: 'diamond', symbolSize: 16, itemStyle: { color: '#9f2241' }, label: { show: true, formatter: '{b}', position: 'right', fontSize: 11 } }] : []),
        ...(camera ? [{ name: 'Cámara', type: 'effectScatter', coordinateSystem: 'geo', data: [pt(camera)], symbolSize: 16, itemStyle: { color: '#235b4e' }, label: { show: true, formatter: '{b}', position: 'right', fontSize: 11 } }] : []),
      ],
    };
  }, [camera, theft, route]);
  return <EChart option={option} height={height} testId={testId} ariaLabel="Mapa" />;
}
