/**
 * Exports: an XLSX workbook (sessions, acuerdos, commitments, compliance by entidad) and a PDF of one session
 * that reads like the official document, with each acuerdo's progress and the session's compliance table.
 * Commitments are those of the actor's territory, as on screen. exceljs and pdfkit load on first use (they
 * add about 0.6 s to every process start otherwise, CLI included).
 */
import type ExcelJS from 'exceljs';
import { requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { KIND_LABELS, SESSION_KIND_LABELS, getSessionPage, listSessions } from './agreements.service.js';
import { adb, agreementRollups, complianceTable, listCommitments } from './commitments.service.js';

const STATUS_ES: Record<string, string> = {
  proposed: 'Propuesto', approved: 'Aprobado', in_progress: 'En proceso', fulfilled: 'Cumplido', overdue: 'Vencido', cancelled: 'Cancelado',
};
const RECURRENCE_ES: Record<string, string> = {
  daily: 'diaria', weekly: 'semanal', biweekly: 'quincenal', monthly: 'mensual', bimonthly: 'bimestral', quarterly: 'trimestral',
  'four-monthly': 'cuatrimestral', semiannual: 'semestral', yearly: 'anual',
};

function sheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; key: string; width: number }[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** The workbook for all sessions (or one), with the commitments of the actor's territory (optionally one entidad's). */
export async function exportXlsx(ctx: Ctx, q: { session_id?: number; entidad?: string }): Promise<Buffer> {
  requirePermission(ctx.actor, 'agreement.read');
  const db = adb(ctx.db);
  const sessions = q.session_id
    ? (await listSessions(ctx, { page: 1, page_size: 500 })).items.filter((s) => s.id === q.session_id)
    : (await listSessions(ctx, { page: 1, page_size: 500 })).items;
  let agq = db.selectFrom('agreements as a').innerJoin('agreement_sessions as s', 's.id', 'a.session_id')
    .select(['a.id', 'a.session_id', 's.name as session_name', 's.date as session_date', 'a.section', 'a.position', 'a.number', 'a.ordinal', 'a.title', 'a.kind', 'a.text']);
  if (q.session_id) agq = agq.where('a.session_id', '=', q.session_id);
  const agreements = await agq.orderBy('s.date', 'desc').orderBy('s.id').orderBy('a.section').orderBy('a.position').execute();
  const roll = await agreementRollups(ctx, agreements.map((a) => a.id));
  const commitments = (await listCommitments(ctx, { session_id: q.session_id, entidad: q.entidad, page: 1, page_size: 100_000 })).items;
  const compliance = await complianceTable(ctx, { session_id: q.session_id });

  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Sereno';
  wb.created = ctx.now();
  const s1 = sheet(wb, 'Sesiones', [
    { header: 'Id', key: 'id', width: 6 }, { header: 'Sesión', key: 'name', width: 45 }, { header: 'Tipo', key: 'kind', width: 20 }, { header: 'Número', key: 'numeral', width: 9 },
    { header: 'Zona', key: 'zone', width: 12 }, { header: 'Fecha', key: 'date', width: 12 }, { header: 'Fecha fin', key: 'end_date', width: 12 }, { header: 'Sede', key: 'place', width: 20 },
    { header: 'Entidad', key: 'entidad_name', width: 18 }, { header: 'Acuerdos', key: 'agreements', width: 10 }, { header: 'Transitorios', key: 'transitory', width: 12 },
    { header: 'Compromisos', key: 'commitments', width: 12 }, { header: 'Avance %', key: 'progress', width: 10 },
  ]);
  for (const s of sessions) s1.addRow({ ...s, kind: SESSION_KIND_LABELS[s.kind] ?? s.kind });
  const s2 = sheet(wb, 'Acuerdos', [
    { header: 'Id', key: 'id', width: 6 }, { header: 'Sesión', key: 'session_name', width: 40 }, { header: 'Fecha', key: 'session_date', width: 12 }, { header: 'Sección', key: 'section', width: 11 },
    { header: 'Ordinal', key: 'ordinal', width: 16 }, { header: 'Título', key: 'title', width: 50 }, { header: 'Tipo', key: 'kind', width: 24 }, { header: 'Avance %', key: 'progress', width: 10 },
    { header: 'Compromisos', key: 'commitments', width: 12 }, { header: 'Cumplidos', key: 'fulfilled', width: 10 }, { header: 'Vencidos', key: 'overdue', width: 10 }, { header: 'Texto', key: 'text', width: 100 },
  ]);
  for (const a of agreements) {
    const r = roll.get(a.id);
    s2.addRow({ ...a, kind: KIND_LABELS[a.kind], progress: r?.progress ?? null, commitments: r?.commitments ?? 0, fulfilled: r?.fulfilled ?? 0, overdue: r?.overdue ?? 0 });
  }
  s2.getColumn('text').alignment = { wrapText: true, vertical: 'top' };
  const s3 = sheet(wb, 'Compromisos', [
    { header: 'Id', key: 'id', width: 7 }, { header: 'Sesión', key: 'session_name', width: 35 }, { header: 'Acuerdo', key: 'agreement_ordinal', width: 16 },
    { header: 'Título del acuerdo', key: 'agreement_title', width: 40 }, { header: 'Entidad', key: 'entidad_name', width: 18 }, { header: 'Responsable', key: 'responsible_name', width: 30 },
    { header: 'Entregable', key: 'deliverable', width: 60 }, { header: 'Fecha límite', key: 'due_date', width: 12 }, { header: 'Plazo (texto)', key: 'deadline_phrase', width: 30 },
    { header: 'Periodicidad', key: 'recurrence', width: 13 }, { header: 'Estado', key: 'status', width: 12 }, { header: 'Avance %', key: 'progress', width: 10 },
    { header: 'Último reporte', key: 'last_report_at', width: 20 },
  ]);
  for (const c of commitments) {
    s3.addRow({ ...c, entidad_name: c.entidad_name ?? 'Nacional', status: STATUS_ES[c.status], recurrence: c.recurrence ? RECURRENCE_ES[c.recurrence] : null, last_report_at: c.last_report_at ?? null });
  }
  const s4 = sheet(wb, 'Cumplimiento', [
    { header: 'Entidad', key: 'name', width: 40 }, { header: 'Zona', key: 'zone', width: 12 }, { header: 'Compromisos', key: 'commitments', width: 12 },
    { header: 'Propuestos', key: 'proposed', width: 11 }, { header: 'Aprobados', key: 'approved', width: 11 }, { header: 'En proceso', key: 'in_progress', width: 11 },
    { header: 'Cumplidos', key: 'fulfilled', width: 11 }, { header: 'Vencidos', key: 'overdue', width: 10 }, { header: 'Cancelados', key: 'cancelled', width: 11 },
    { header: '% cumplido', key: 'fulfilled_pct', width: 11 }, { header: 'Avance medio %', key: 'mean_progress', width: 14 },
  ]);
  for (const r of [...compliance.rows, ...(compliance.national ? [compliance.national] : []), compliance.total]) s4.addRow(r);
  s4.lastRow!.font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A PDF of one session: the official heading, acuerdos and transitorios in order with their progress, and compliance by entidad. */
export async function exportSessionPdf(ctx: Ctx, sessionId: number): Promise<Buffer> {
  const page = await getSessionPage(ctx, sessionId);
  const compliance = await complianceTable(ctx, { session_id: sessionId });
  const s = page.session;
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'LETTER', margins: { top: 60, bottom: 60, left: 64, right: 64 }, bufferPages: true, info: { Title: `Acuerdos — ${s.name}`, Author: 'Sereno', Subject: 'Conferencia Nacional de Secretarios de Seguridad Pública', CreationDate: ctx.now() } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject); });
  const width = doc.page.width - 128;

  doc.font('Helvetica-Bold').fontSize(13);
  for (const line of s.heading) doc.text(line, { align: 'center', width });
  doc.moveDown(0.5).font('Helvetica').fontSize(9).fillColor('#555')
    .text([s.kind_label, s.zone ? `Zona ${s.zone}` : null].filter(Boolean).join(' · '), { align: 'center', width });
  if (page.progress.progress !== null) doc.text(`Avance general de los compromisos: ${page.progress.progress} % (${page.progress.counted} compromisos en seguimiento)`, { align: 'center', width });
  doc.fillColor('black').moveDown(1);

  const item = (a: (typeof page.agreements)[number], section: string) => {
    doc.font('Helvetica-Bold').fontSize(11).text(`${a.ordinal.toUpperCase()}.${a.title ? ` ${a.title}` : ''}`, { width });
    doc.moveDown(0.3).font('Helvetica').fontSize(10);
    for (const para of a.text.split(/\n{2,}/)) doc.text(para.replace(/\s+/g, ' ').trim(), { align: 'justify', width }).moveDown(0.4);
    const p = a.progress;
    const facts = [section === 'acuerdo' ? `Tipo: ${a.kind_label}` : null, p.commitments ? `Avance: ${p.progress === null ? '— (sin compromisos aprobados)' : `${p.progress} %`} · ${p.commitments} compromisos · ${p.fulfilled} cumplidos · ${p.overdue} vencidos` : null].filter(Boolean);
    if (facts.length) doc.font('Helvetica-Oblique').fontSize(8).fillColor('#555').text(facts.join(' · '), { width }).fillColor('black');
    doc.moveDown(0.8);
  };
  for (const a of page.agreements) item(a, 'acuerdo');
  if (page.transitory.length) {
    doc.font('Helvetica-Bold').fontSize(12).text('TRANSITORIOS', { align: 'center', width }).moveDown(0.6);
    for (const a of page.transitory) item(a, 'transitorio');
  }

  const rows = [...compliance.rows.filter((r) => r.commitments > 0), ...(compliance.national ? [compliance.national] : [])];
  if (rows.length) {
    doc.addPage().font('Helvetica-Bold').fontSize(12).text('Cumplimiento de los compromisos por entidad', { width }).moveDown(0.2);
    doc.font('Helvetica').fontSize(8).fillColor('#555').text(`Al ${compliance.as_of}. % cumplido = cumplidos / (compromisos - propuestos - cancelados).`, { width }).fillColor('black').moveDown(0.6);
    const cols = [{ h: 'Entidad', w: 150 }, { h: 'Total', w: 40 }, { h: 'Cumplidos', w: 55 }, { h: 'En proceso', w: 55 }, { h: 'Vencidos', w: 50 }, { h: '% cumplido', w: 55 }, { h: 'Avance %', w: 50 }];
    const line = (vals: string[], bold = false) => {
      const y = doc.y;
      let x = doc.page.margins.left;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      vals.forEach((v, i) => { doc.text(v, x, y, { width: cols[i].w - 4, lineBreak: false, ellipsis: true }); x += cols[i].w; });
      doc.x = doc.page.margins.left;
      doc.y = y + 14;
      if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
    };
    line(cols.map((c) => c.h), true);
    const fmt = (n: number | null) => (n === null ? '—' : String(n));
    for (const r of [...rows, compliance.total]) line([r.name, String(r.commitments), String(r.fulfilled), String(r.in_progress), String(r.overdue), fmt(r.fulfilled_pct), fmt(r.mean_progress)], r === compliance.total);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7).fillColor('#777')
      .text(`Sereno · ${s.name} · generado el ${ctx.now().toISOString().slice(0, 10)} · página ${i + 1} de ${range.count}`, 64, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
