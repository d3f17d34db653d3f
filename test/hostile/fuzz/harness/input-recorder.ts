// The fuzz child writes every input to a file before the parser sees it, with a counter. A parser
// stuck in a loop blocks the child entirely, and a fatal V8 error kills it without a word, so this
// file is how the parent tells that no input finished lately, and which input it was.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** Characters of an input kept for the report; longer inputs are cut (the seed reproduces them whole). */
const INPUT_CAPACITY = 64 * 1024;
/** Header: inputs started (uint32), the text's byte length (uint32), 1 when the text was cut (uint8). */
const HEADER_BYTES = 9;

/** How an input reads in a report: strings as JSON strings, bytes as hex, anything else as JSON. */
export function describeInput(input: unknown): string {
  if (input instanceof Uint8Array) return `bytes ${Buffer.from(input.subarray(0, INPUT_CAPACITY / 2)).toString('hex')}`;
  try {
    // Long strings are cut before they are written out: every input passes here.
    const json = JSON.stringify(input, (_key, value: unknown) =>
      value instanceof Uint8Array
        ? `<${String(value.length)} bytes>`
        : typeof value === 'string' && value.length > INPUT_CAPACITY
          ? `${value.slice(0, INPUT_CAPACITY)}… (${String(value.length)} characters)`
          : value,
    ) as string | undefined;
    return json ?? String(input);
  } catch {
    return String(input);
  }
}

/** The child's side: records inputs. */
export class InputRecorder {
  private started = 0;

  constructor(private readonly fd: number) {}

  /** Called when a target starts: its inputs are counted from 1 (the n-th is fast-check's run n-1). */
  startTarget(): void {
    this.started = 0;
    writeSync(this.fd, Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
  }

  /** Called before each parser run (of a property input or a timing run). */
  record(input: unknown): void {
    const description = describeInput(input);
    const text = Buffer.from(description.slice(0, INPUT_CAPACITY), 'utf8');
    this.started += 1;
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(this.started % 2 ** 32, 0);
    header.writeUInt32LE(text.length, 4);
    header.writeUInt8(description.length > INPUT_CAPACITY ? 1 : 0, 8);
    // Text first, then the header: a reader that sees the new count sees its text.
    writeSync(this.fd, text, 0, text.length, HEADER_BYTES);
    writeSync(this.fd, header, 0, HEADER_BYTES, 0);
  }
}

/** What the recorder file says now. */
export interface RecordedInput {
  /** Inputs started so far. */
  readonly started: number;
  /** The last input, as text. */
  readonly text: string;
}

/** The parent's side: reads the recorder file (`withText` false reads only the counter). */
export function readRecordedInput(path: string, withText: boolean): RecordedInput {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    if (readSync(fd, header, 0, HEADER_BYTES, 0) < HEADER_BYTES) return { started: 0, text: '' };
    const started = header.readUInt32LE(0);
    if (!withText) return { started, text: '' };
    const body = Buffer.alloc(header.readUInt32LE(4));
    const length = readSync(fd, body, 0, body.length, HEADER_BYTES);
    const text = body.subarray(0, length).toString('utf8');
    return { started, text: header.readUInt8(8) === 1 ? `${text}… (cut)` : text };
  } finally {
    closeSync(fd);
  }
}
