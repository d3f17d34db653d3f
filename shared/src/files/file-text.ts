// How the bytes of a file of the tree become text. UTF-8 by default; a reader may ask for a requirements file
// to be decoded as pip's auto_decode does: a byte order mark first (UTF-8; UTF-16, which Windows PowerShell 5
// writes for `pip freeze > file` and uv reads too; UTF-32 big-endian), else the encoding a comment on the first
// two lines declares (see pip-encoding-declaration.ts). pip tries the UTF-16 marks before UTF-32's, so
// FF FE 00 00 (UTF-32 little-endian) is UTF-16 to pip, and is read as UTF-16 here as well.
import { declaredEncodingReading, pipEncodingDeclaration } from './pip-encoding-declaration';

/** UTF-16 byte order marks and the decoder each one selects. */
const UTF16_BYTE_ORDER_MARKS = [
  { first: 0xff, second: 0xfe, encoding: 'utf-16le' },
  { first: 0xfe, second: 0xff, encoding: 'utf-16be' },
] as const;

/** The UTF-32 big-endian byte order mark, 00 00 FE FF. */
const UTF32BE_BYTE_ORDER_MARK = 0x0000feff;

/** Text, or the encoding a file declares that is not read here (it would be read differently from pip). */
export type FileText = string | { readonly unsupportedEncoding: string };

/**
 * The file's text: without `pipDecoding`, UTF-8; with it, as pip decodes a requirements file (UTF-16 or UTF-32
 * big-endian by byte order mark, else a declared ISO-8859-1, else UTF-8; a declared encoding that is not read
 * here is returned as such). A byte order mark stays as U+FEFF at the start, as it does for UTF-8, so readers
 * skip it the same way; malformed sequences become U+FFFD, never an error.
 */
export function fileText(bytes: Buffer, pipDecoding: boolean): FileText {
  if (!pipDecoding || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return bytes.toString('utf8');
  for (const { first, second, encoding } of UTF16_BYTE_ORDER_MARKS) {
    if (bytes[0] === first && bytes[1] === second) return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  }
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === UTF32BE_BYTE_ORDER_MARK) return utf32BigEndianText(bytes);
  const declared = pipEncodingDeclaration(bytes);
  const reading = declared === undefined ? 'utf-8' : declaredEncodingReading(declared);
  if (reading === 'latin-1') return bytes.toString('latin1');
  if (reading === 'unsupported' && declared !== undefined) return { unsupportedEncoding: declared };
  return bytes.toString('utf8');
}

/** UTF-32 big-endian (TextDecoder has no UTF-32): a unit that is no Unicode scalar value, or a cut-off tail, is U+FFFD. */
function utf32BigEndianText(bytes: Buffer): string {
  const characters: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) {
    if (offset + 4 > bytes.length) {
      characters.push('\uFFFD');
      break;
    }
    const codePoint = bytes.readUInt32BE(offset);
    const scalar = codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
    characters.push(scalar ? String.fromCodePoint(codePoint) : '\uFFFD');
  }
  return characters.join('');
}
