import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Transaction } from 'kysely';
import { requirePermission, territoryOf } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import { notFound } from '../../core/errors.js';
import { t, type Lang } from '../../core/i18n.js';
import { FLAGS, timeZoneOf } from './detentions.rules.js';
import type { ReportInput } from './detentions.schema.js';
import { dbOf } from './detentions.service.js';
import { computeStats, type DetentionStats } from './detentions.stats.js';

/** A rendered report file. */
export interface ReportFile { filename: string; contentType: string; body: Buffer }

interface Line { section: string; key: string; label: string; count: number }

/** The report's rows, section by section, taken verbatim from the stats object (so the numbers cannot differ). */
export function reportLines(s: DetentionStats, lang: Lang): Line[] {
  const L = (k: string) => t(lang, k);
  return [
    { section: 'total', key: '', label: L('report.total'), count: s.total },
    ...s.per_tipo.map((r) => ({ section: 'tipo', key: r.tipo, label: L(`report.tipo.${r.tipo}`), count: r.count })),
    ...FLAGS.map((f) => ({ section: 'bandera', key: f, label: L(`report.flag.${f}`), count: s.flags[f] })),
    ...s.registration_lag.map((r) => ({ section: 'registro_lag', key: r.bucket, label: r.bucket, count: r.count })),
    ...s.per_period.map((r) => ({ section: 'periodo', key: r.period, label: r.period, count: r.count })),
    ...s.per_municipio.map((r) => ({ section: 'municipio', key: r.municipio ?? '', label: r.nombre ?? (r.municipio ? r.municipio : L('report.sin_municipio')), count: r.count })),
    ...s.per_offence.map((r) => ({ section: 'delito_falta', key: r.code, label: r.nombre ?? r.code, count: r.count })),
    ...s.per_institution.map((r) => ({ section: 'institucion', key: String(r.institution_id), label: r.nombre ?? '', count: r.count })),
  ];
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function renderCsv(s: DetentionStats, meta: Meta, lang: Lang): Buffer {
  const rows: (string | number)[][] = [['seccion', 'clave', 'nombre', 'conteo']];
  rows.push(['informe', 'entidad', `${meta.entidadNombre} (${meta.entidad})`, '']);
  rows.push(['informe', 'mes', meta.month, '']);
  rows.push(['informe', 'alcance', meta.scope, '']);
  rows.push(['informe', 'generado', s.generated_at, '']);
  for (const l of reportLines(s, lang)) rows.push([l.section, l.key, l.label, l.count]);
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

async function renderXlsx(s: DetentionStats, meta: Meta, lang: Lang): Promise<Buffer> {
  const L = (k: string) => t(lang, k);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sereno';
  wb.created = new Date(s.generated_at);
  const lines = reportLines(s, lang);
  const summary = wb.addWorksheet(L('report.sheet.summary'));
  summary.columns = [{ width: 44 }, { width: 18 }];
  summary.addRow([L('report.title')]).font = { bold: true, size: 14 };
  summary.addRow([L('report.entidad'), `${meta.entidadNombre} (${meta.entidad})`]);
  summary.addRow([L('report.month'), meta.month]);
  summary.addRow([L('report.scope'), meta.scope]);
  summary.addRow([L('report.generated'), s.generated_at]);
  summary.addRow([]);
  for (const section of ['total', 'tipo', 'bandera', 'registro_lag']) {
    summary.addRow([L(`report.section.${section}`)]).font = { bold: true };
    for (const l of lines.filter((x) => x.section === section)) summary.addRow([l.label, l.count]);
    summary.addRow([]);
  }
  for (const section of ['periodo', 'municipio', 'delito_falta', 'institucion']) {
    const ws = wb.addWorksheet(L(`report.section.${section}`).slice(0, 31));
    ws.columns = [{ header: L('report.col.key'), width: 14 }, { header: L('report.col.name'), width: 48 }, { header: L('report.col.count'), width: 12 }];
    ws.getRow(1).font = { bold: true };
    for (const l of lines.filter((x) => x.section === section)) ws.addRow([l.key, l.label, l.count]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function renderPdf(s: DetentionStats, meta: Meta, lang: Lang): Promise<Buffer> {
  const L = (k: string) => t(lang, k);
  // Pages are buffered so each footer can say "page n of N" once the layout is done.
  const doc = new PDFDocument({ size: 'A4', margin: 50, bufferPages: true, info: { Title: `${L('report.title')} ${meta.entidad} ${meta.month}`, Author: 'Sereno', Creator: 'Sereno' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const bottom = doc.page.height - 70;
  doc.fontSize(16).font('Helvetica-Bold').text(L('report.title'));
  doc.moveDown(0.3).fontSize(11).font('Helvetica');
  doc.text(`${L('report.entidad')}: ${meta.entidadNombre} (${meta.entidad})`);
  doc.text(`${L('report.month')}: ${meta.monthLabel}`);
  doc.text(`${L('report.scope')}: ${meta.scope}`);
  doc.text(`${L('report.generated')}: ${meta.generatedLocal}`);
  doc.moveDown();
  let y = doc.y;
  const LABEL_WIDTH = 380;
  // A row is as tall as its label: a long offence name wraps inside its column instead of running into the next row.
  const heightOf = (label: string, bold: boolean) => Math.max(15, doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10).heightOfString(label, { width: LABEL_WIDTH }) + 4);
  const row = (label: string, count: string | number, bold = false) => {
    const h = heightOf(label, bold);
    if (y + h > bottom) { doc.addPage(); y = 50; }
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
    doc.text(label, 50, y, { width: LABEL_WIDTH });
    doc.text(String(count), 440, y, { width: 100, align: 'right', lineBreak: false });
    y += h;
  };
  const lines = reportLines(s, lang);
  for (const section of ['total', 'tipo', 'bandera', 'registro_lag', 'institucion', 'municipio', 'delito_falta', 'periodo']) {
    const part = lines.filter((l) => l.section === section);
    if (!part.length) continue;
    const labelOf = (l: Line) => (section === 'periodo' || section === 'municipio' || section === 'delito_falta' ? `${l.key ? `${l.key}  ` : ''}${l.label === l.key ? '' : l.label}`.trim() : l.label);
    y += 6;
    // A section's heading starts a page rather than end one: it stays with its first row.
    if (y + 15 + heightOf(labelOf(part[0]), section === 'total') + 2 > bottom) { doc.addPage(); y = 50; }
    row(L(`report.section.${section}`), section === 'total' ? '' : L('report.col.count'), true);
    doc.moveTo(50, y - 3).lineTo(540, y - 3).strokeColor('#999').stroke();
    y += 2;
    for (const l of part) row(labelOf(l), l.count, section === 'total');
  }
  // The footers, written below the bottom margin (lifted meanwhile, or pdfkit would start a page for each).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#666').text(`Sereno — ${L('report.title')} — ${meta.entidad} ${meta.month} — ${t(lang, 'report.page', { n: i - range.start + 1, total: range.count })}`,
      50, doc.page.height - 40, { width: doc.page.width - 100, align: 'center', lineBreak: false }).fillColor('#000');
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

interface Meta { entidad: string; entidadNombre: string; month: string; monthLabel: string; scope: string; generatedLocal: string }

/**
 * The monthly report of one entidad (the Conference's RND agreement asks for one per entidad): CSV, XLSX or PDF of
 * `computeStats` for that month, so its numbers equal the dashboard's. Another entidad's report answers 404.
 */
export async function monthlyReport(ctx: Ctx, q: ReportInput): Promise<ReportFile> {
  requirePermission(ctx.actor, 'detention.dashboard');
  const terr = territoryOf(ctx.actor, 'view');
  const allowed = terr.kind === 'national' || (terr.kind === 'entidad' && terr.entidad === q.entidad) || (terr.kind === 'institution' && ctx.actor.entidad === q.entidad);
  if (!allowed) throw notFound('report_not_found');
  const [y, m] = q.month.split('-').map(Number);
  const from = `${q.month}-01`;
  const to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const stats = await computeStats(ctx, { entidad: q.entidad, from, to, period: 'day' });
  const db = dbOf(ctx);
  const ent = await db.selectFrom('entidades').select('name').where('code', '=', q.entidad).executeTakeFirst();
  const lang = ctx.actor.lang;
  const now = ctx.now();
  const meta: Meta = {
    entidad: q.entidad, entidadNombre: ent?.name ?? q.entidad, month: q.month,
    monthLabel: new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-MX', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1))),
    scope: terr.kind === 'institution' ? t(lang, 'report.scope.institution', { id: ctx.actor.institutionId }) : t(lang, 'report.scope.entidad'),
    // In the report's language and its entidad's zone (Quintana Roo, Sonora and Baja California keep other clocks).
    generatedLocal: `${new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-MX', { dateStyle: 'long', timeStyle: 'short', timeZone: timeZoneOf(q.entidad) }).format(now)} (${timeZoneOf(q.entidad)})`,
  };
  await db.transaction().execute((trx) => writeAudit(trx as unknown as Transaction<CoreTables>, ctx.actor, {
    action: 'detention.report_exported', entityType: 'detention_report', entityId: `${q.entidad}-${q.month}`, entidad: q.entidad, details: { format: q.format, total: stats.total },
  }, now));
  const base = `rnd-informe-${q.entidad}-${q.month}`;
  if (q.format === 'csv') return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: renderCsv(stats, meta, lang) };
  if (q.format === 'xlsx') return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await renderXlsx(stats, meta, lang) };
  return { filename: `${base}.pdf`, contentType: 'application/pdf', body: await renderPdf(stats, meta, lang) };
}
