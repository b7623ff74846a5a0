// One method of a generated engine class, as ready Python lines (the templates only lay it out).

export interface MethodView {
  /** A decorator line (`@property`), or none. */
  decorator?: string;
  signature: string;
  doc: string;
  lines: string[];
}
