/**
 * An indented line buffer for generated code. Each line may carry the source span it came
 * from; the module emitter turns those into `// L12` comments and a source map.
 */
import type { Span } from '../../ir/types.js';

export interface Line {
  text: string;
  indent: number;
  span?: Span;
}

export class Lines {
  readonly lines: Line[] = [];
  private depth = 0;

  push(text: string, span?: Span): void {
    this.lines.push({ text, indent: this.depth, span: span && span.line > 0 ? span : undefined });
  }

  open(text: string, span?: Span): void {
    this.push(text, span);
    this.depth++;
  }

  close(text = '}'): void {
    this.depth--;
    this.push(text);
  }

  /** Closes a block and opens the next at the same depth: `} else {`. */
  reopen(text: string): void {
    this.depth--;
    this.push(text);
    this.depth++;
  }

  append(other: Lines): void {
    for (const l of other.lines) this.lines.push({ ...l, indent: l.indent + this.depth });
  }
}
