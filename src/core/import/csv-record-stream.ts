// Reads the records of a CSV byte stream a chunk at a time, so a file of any size is read in flat memory, with
// the same results as parse-video-csv's whole-text reading: the physical line each record starts on, blank
// lines dropped, binary input and unclosed quotes refused with a CsvFormatError.

import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { CsvError, type Options, parse } from 'csv-parse';
import {
  BINARY_FILE,
  CsvFormatError,
  type CsvRow,
  countLineBreaks,
  describeCsvError,
  isBlankRecord,
} from './parse-video-csv.js';

/** The non-blank records of `input`; throws CsvFormatError when it is binary or not valid CSV. */
export async function* readCsvRecords(input: Readable): AsyncGenerator<CsvRow> {
  const lines = new LineTracker();
  const options: Options<CsvRow, string[]> = {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    // csv-parse's own line count is off after quoted newlines; `bytes` is where the record ends, line break
    // included, counted from the start of the input (BOM too).
    on_record: (cells: string[], { bytes }): CsvRow => {
      const line = lines.line;
      lines.advanceTo(bytes);
      return { line, cells };
    },
  };
  // csv-parse's overloads without `columns` do not carry the record type that on_record returns.
  const parser = parse(options as unknown as Options);
  // Errors of any stage come out of the parser's iterator; leaving the loop early closes the file.
  pipeline(input, lines, parser, () => {});
  try {
    for await (const row of parser as AsyncIterable<CsvRow>) {
      if (!isBlankRecord(row.cells)) yield row;
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CsvFormatError(describeCsvError(error, lines.line));
    throw error;
  }
}

/**
 * Passes the bytes on to the parser and keeps the chunks it has not yet counted, so the line where each record
 * starts can be counted from its byte offset; a chunk is dropped once every record in it has been seen.
 */
class LineTracker extends Transform {
  /** The line at `position`: where the next record starts. */
  line = 1;
  private position = 0;
  private received = 0;
  private readonly pending: { start: number; bytes: Buffer }[] = [];

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (chunk.includes(0)) {
      done(new CsvFormatError(BINARY_FILE));
      return;
    }
    this.pending.push({ start: this.received, bytes: chunk });
    this.received += chunk.length;
    done(null, chunk);
  }

  /** Counts the line breaks up to byte offset `to`. */
  advanceTo(to: number): void {
    while (this.position < to) {
      const chunk = this.pending[0];
      if (chunk === undefined) throw new Error(`csv-parse reported byte ${to}, beyond the ${this.received} bytes read`);
      const chunkEnd = chunk.start + chunk.bytes.length;
      const stop = Math.min(to, chunkEnd);
      this.line += countLineBreaks(chunk.bytes, this.position - chunk.start, stop - chunk.start);
      this.position = stop;
      if (stop === chunkEnd) this.pending.shift();
    }
  }
}
