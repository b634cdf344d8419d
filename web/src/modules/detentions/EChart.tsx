import * as echarts from 'echarts';
import mexico from '@svg-maps/mexico';
import { useEffect, useRef } from 'react';

/** @svg-maps/mexico ids → INEGI entidad codes. */
const SVG_TO_INEGI: Record<string, string> = {
  agu: '01', bcn: '02', bcs: '03', cam: '04', coa: '05', col: '06', chp: '07', chh: '08', cmx: '09', dur: '10', gua: '11', gro: '12', hid: '13', jal: '14', mex: '15', mic: '16',
  mor: '17', nay: '18', nle: '19', oax: '20', pue: '21', que: '22', roo: '23', slp: '24', sin: '25', son: '26', tab: '27', tam: '28', tla: '29', ver: '30', yuc: '31', zac: '32',
};

let registered = false;
/** Registers the 32 state outlines (CC-BY-4.0, @svg-maps/mexico) as the ECharts map 'mexico', regions named by INEGI code. */
export function ensureMexicoMap() {
  if (registered) return;
  const m = mexico as { viewBox: string; locations: { id: string; path: string }[] };
  const paths = m.locations.map((l) => `<path name="${SVG_TO_INEGI[l.id]}" d="${l.path}"/>`).join('');
  echarts.registerMap('mexico', { svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${m.viewBox}">${paths}</svg>` });
  registered = true;
}

/** A resizable ECharts chart; `onClick` receives the clicked item's name. */
export function EChart({ option, height = 280, onClick, testId, ariaLabel }: { option: echarts.EChartsCoreOption; height?: number; onClick?: (name: string) => void; testId?: string; ariaLabel?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    chart.current = echarts.init(ref.current!, undefined, { renderer: 'svg' });
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); chart.current?.dispose(); };
  }, []);
  useEffect(() => { chart.current?.setOption(option, true); }, [option]);
  useEffect(() => {
    const c = chart.current;
    if (!c || !onClick) return;
    const h = (p: { name: string }) => onClick(p.name);
    c.on('click', h);
    return () => { c.off('click', h); };
  }, [onClick]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} role="img" aria-label={ariaLabel} />;
}
