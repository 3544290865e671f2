// Reads the records of a CSV byte stream a chunk at a time, so a file of any size is read in flat memory, with
// the same results as parse-video-csv's whole-text reading: the physical line each record starts on, blank
// lines dropped, binary input and unclosed quotes refused with a CsvFormatError.

import { pipeline, type Readable, type TransformCallback } from 'node:stream';
import { CsvError, type Options, Parser } from 'csv-parse';
import {
  BINARY_FILE,
  CsvFormatError,
  type CsvRow,
  describeCsvError,
  isBlankRecord,
  lineBreaksWithin,
} from './parse-video-csv.js';

/**
 * The non-blank records of `input`, in runs (the records of a chunk of the file: one await per run rather than
 * per record); throws CsvFormatError when it is binary or not valid CSV.
 */
export async function* readCsvRecords(input: Readable): AsyncGenerator<CsvRow[]> {
  const parser = new LineCountingParser({ bom: true, relax_column_count: true, relax_quotes: true });
  // Errors of any stage come out of the parser's iterator; leaving the loop early closes the file.
  pipeline(input, parser, () => {});
  try {
    for await (const rows of parser as AsyncIterable<CsvRow[]>) {
      yield rows.filter((row) => !isBlankRecord(row.cells));
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CsvFormatError(describeCsvError(error, parser.line));
    throw error;
  }
}

/**
 * csv-parse's stream, numbering each record by the line it starts on as it is parsed (csv-parse's own line
 * count is off after quoted newlines, and a count kept by the reader would lag behind the records still
 * buffered when an error, such as an unclosed quote at the end, discards them), and passing on the records
 * of each chunk as one array.
 */
class LineCountingParser extends Parser {
  /** The line where the next record starts. */
  line = 1;
  private rows: CsvRow[] = [];

  constructor(options: Options) {
    // csv-parse hands its options on to the stream. Each item is a chunk's records: one waiting is enough to
    // keep the reader busy, and keeps memory flat.
    super({ ...options, readableHighWaterMark: 1 } as Options);
  }

  override push(record: string[] | null): boolean {
    if (record !== null) {
      this.rows.push({ line: this.line, cells: record });
      this.line += 1 + lineBreaksWithin(record);
      return true;
    }
    this.passRows();
    return super.push(null);
  }

  override _transform(chunk: Buffer, encoding: BufferEncoding, done: TransformCallback): void {
    if (chunk.includes(0)) {
      done(new CsvFormatError(BINARY_FILE));
      return;
    }
    super._transform(chunk, encoding, (error) => {
      this.passRows();
      done(error);
    });
  }

  override _flush(done: TransformCallback): void {
    super._flush((error) => {
      this.passRows();
      done(error);
    });
  }

  private passRows(): void {
    if (this.rows.length === 0) return;
    super.push(this.rows);
    this.rows = [];
  }
}
