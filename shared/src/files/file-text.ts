// How the bytes of a file of the tree become text. UTF-8 by default; a reader may also accept UTF-16
// announced by a byte order mark, which is what Windows PowerShell 5 writes for `pip freeze > file`
// and what pip (auto_decode) and uv (read_to_string_transcode) both read.

/** UTF-16 byte order marks and the decoder each one selects. */
const UTF16_BYTE_ORDER_MARKS = [
  { first: 0xff, second: 0xfe, encoding: 'utf-16le' },
  { first: 0xfe, second: 0xff, encoding: 'utf-16be' },
] as const;

/**
 * The file's text: UTF-16 when `utf16ByteOrderMark` and the bytes start with a UTF-16 byte order
 * mark, else UTF-8. A byte order mark stays as U+FEFF at the start, as it does for UTF-8, so
 * readers skip it the same way; malformed sequences become U+FFFD, never an error.
 */
export function fileText(bytes: Buffer, utf16ByteOrderMark: boolean): string {
  if (utf16ByteOrderMark && bytes.length >= 2) {
    for (const { first, second, encoding } of UTF16_BYTE_ORDER_MARKS) {
      if (bytes[0] === first && bytes[1] === second)
        return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
    }
  }
  return bytes.toString('utf8');
}
