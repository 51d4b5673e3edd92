/**
 * A problem with the data the user gave (or a dataset knob that cannot be met), worded for the
 * user. `row` is 1-based as in a spreadsheet (the header is row 1); for text input it is the line.
 */
export class DataError extends Error {
  readonly row?: number;
  readonly column?: string;

  constructor(message: string, where: { row?: number; column?: string } = {}) {
    super(message);
    this.name = 'DataError';
    this.row = where.row;
    this.column = where.column;
  }
}
