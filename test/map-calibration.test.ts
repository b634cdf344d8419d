import mexico from '@svg-maps/mexico';
import { describe, expect, it } from 'vitest';
import { ENTIDADES } from '../src/catalogs/data/entidades.js';
import { insidePolygons, pathPolygons, project } from '../web/src/modules/vehicles/geo.js';

const SVG_TO_INEGI: Record<string, string> = {
  agu: '01', bcn: '02', bcs: '03', cam: '04', coa: '05', col: '06', chp: '07', chh: '08', cmx: '09', dur: '10', gua: '11', gro: '12', hid: '13', jal: '14', mex: '15', mic: '16',
  mor: '17', nay: '18', nle: '19', oax: '20', pue: '21', que: '22', roo: '23', slp: '24', sin: '25', son: '26', tab: '27', tam: '28', tla: '29', ver: '30', yuc: '31', zac: '32',
};

/** The lon/lat projection onto @svg-maps/mexico, checked against known places (web/src/modules/vehicles/geo.ts). */
describe('map calibration', () => {
  const m = mexico as unknown as { locations: { id: string; path: string }[] };
  const states = m.locations.map((l) => ({ code: SVG_TO_INEGI[l.id], rings: pathPolygons(l.path) }));
  const stateAt = (lon: number, lat: number) => states.filter((s) => insidePolygons(project(lon, lat), s.rings)).map((s) => s.code);

  it('puts every state centroid inside its own outline', () => {
    const wrong = ENTIDADES.filter((e) => !stateAt(e.centroid.lon, e.centroid.lat).includes(e.code)).map((e) => `${e.code} ${e.name}`);
    expect(wrong).toEqual([]);
  });

  it('puts well-known cities in their states', () => {
    const cities: [string, number, number, string][] = [
      ['Zócalo, CDMX', -99.1332, 19.4326, '09'], ['Guadalajara', -103.3496, 20.6597, '14'], ['Monterrey', -100.3161, 25.6866, '19'], ['Mérida', -89.5926, 20.9674, '31'],
      ['Tijuana', -117.0382, 32.5149, '02'], ['Cancún', -86.8515, 21.1619, '23'], ['Tapachula', -92.2629, 14.9039, '07'], ['Tlaxcala', -98.2375, 19.3139, '29'],
      ['Cuernavaca', -99.2216, 18.9242, '17'], ['Hermosillo', -110.9559, 29.0729, '26'], ['Oaxaca', -96.7266, 17.0732, '20'], ['Chihuahua', -106.0691, 28.6353, '08'],
    ];
    for (const [name, lon, lat, code] of cities) expect(stateAt(lon, lat), name).toEqual([code]);
  });
});
