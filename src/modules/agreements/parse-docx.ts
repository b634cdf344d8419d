/**
 * Plain text of a .docx without extra packages: a minimal ZIP reader (stored or deflated entries, no
 * ZIP64, no encryption) over node:zlib, and a walk of word/document.xml that writes one paragraph per line
 * (blank lines between) and one tab-separated line per table row — the same layout the parser reads from Word's "save as text".
 * Automatic list numbering (numbering.xml) is not rendered.
 */
import { inflateRawSync } from 'node:zlib';
import { decodeEntities } from './parse-clean.js';

/** Error whose message is meant for the person running the command (Spanish). */
export class DocxError extends Error {}

function readEntry(zip: Buffer, name: string): Buffer {
  if (zip.length < 22 || zip.readUInt32LE(0) !== 0x04034b50) throw new DocxError('el archivo no es un .docx válido (no es un ZIP)');
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new DocxError('el .docx está dañado (no se encontró el directorio del ZIP)');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw new DocxError('el .docx está dañado (directorio del ZIP ilegible)');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const entryName = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (entryName !== name) continue;
    if (compressed === 0xffffffff || local === 0xffffffff) throw new DocxError('el .docx usa ZIP64, que no se admite');
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw new DocxError('el .docx está dañado (entrada ilegible)');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    if (method === 0) return data;
    if (method === 8) return inflateRawSync(data);
    throw new DocxError(`el .docx usa un método de compresión no admitido (${method})`);
  }
  throw new DocxError(`el archivo no contiene ${name}; ¿es un documento de Word?`);
}

/** Text of a .docx: paragraphs as lines followed by a blank line, table rows as tab-separated lines, cell paragraphs joined by "<br>". */
export function docxToText(buf: Buffer): string {
  const xml = readEntry(buf, 'word/document.xml').toString('utf8');
  const out: string[] = [];
  const token = /<(\/?)w:(p|tbl|tr|tc|t|tab|br|cr)\b([^>]*?)(\/?)>|([^<]+)|<[^>]*>/g;
  let depthTbl = 0;
  let para = '';
  let inText = false;
  let row: string[] | null = null;
  let cell: string[] | null = null;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    const [, close, tag, , self, text] = m;
    if (text !== undefined) { if (inText) para += decodeEntities(text); continue; }
    if (!tag) continue;
    if (tag === 't') { inText = !close && !self; continue; }
    if (tag === 'tab' && !close) { para += depthTbl ? ' ' : '\t'; continue; }
    if ((tag === 'br' || tag === 'cr') && !close) { para += depthTbl ? ' ' : '\n'; continue; }
    if (tag === 'p') {
      if (close || self) {
        if (cell) cell.push(para.trim());
        else out.push(para.replace(/\t/g, ' '), '');
        para = '';
      }
      continue;
    }
    if (tag === 'tbl') { depthTbl += close ? -1 : 1; if (!close) out.push(''); continue; }
    if (depthTbl > 1) continue;
    if (tag === 'tr') {
      if (!close) row = [];
      else if (row) { out.push(row.map((c) => c.replace(/[\t\n]/g, ' ')).join('\t')); row = null; }
      continue;
    }
    if (tag === 'tc') {
      if (!close) cell = [];
      else if (cell && row) { row.push(cell.filter(Boolean).join('<br>')); cell = null; }
    }
  }
  return out.join('\n');
}
