// Line and column of an offset in a text, for files whose parsers give offsets or nothing at all.

/** A place in a file as people count: line and column, both 1-based (columns in UTF-16 code units). */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** A position in the text: line and column 1-based (UTF-16 code units), offset 0-based. */
export interface TextPosition extends LineColumn {
  readonly offset: number;
}

/** A stretch of text: `end` is just past its last character. */
export interface TextRange {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

/** A function that gives the position of an offset in `text` (LF and CRLF both end a line). */
export function positionsIn(text: string): (offset: number) => TextPosition {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { offset, line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  };
}
