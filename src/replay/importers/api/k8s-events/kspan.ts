import { parse as parseYaml } from 'yaml';
import { isRecord } from '../shared/json-values.ts';
import { parseK8sTime, type ParsedTime } from '../shared/time.ts';

/**
 * kspan's capture format (weaveworks-experiments/kspan testdata): YAML documents separated by
 * `---`, each preceded by a comment `# {"time":"<RFC3339Nano>","style":"event|initial|update",
 * "kind":"<Kind>"}` saying when the recorder received it and how (an Event, an object of the
 * initial list, an update of one). Fed line by line; a document is complete at the next `---`
 * or at the end of the file.
 */
export interface KspanDoc {
  line: number;
  time?: ParsedTime;
  style?: string;
  value: unknown;
}

export const KSPAN_HEADER = /^# \{"time":/;

export class KspanReader {
  private lines: string[] = [];
  private start = 0;
  private header: { time?: ParsedTime; style?: string } | undefined;

  /** One line: the documents (or errors) it completes. */
  push(text: string, lineNo: number): (KspanDoc | { error: string; line: number })[] {
    if (text === '---') return this.flush();
    if (KSPAN_HEADER.test(text) && this.lines.every((l) => l.trim() === '')) {
      try {
        const h = JSON.parse(text.slice(2)) as unknown;
        if (!isRecord(h)) throw new Error('not an object');
        const time = parseK8sTime(h.time);
        this.header = { ...(time ? { time } : {}), ...(typeof h.style === 'string' ? { style: h.style } : {}) };
      } catch (e) {
        return [{ error: `bad kspan header comment: ${(e as Error).message}`, line: lineNo }];
      }
      this.start = lineNo + 1;
      return [];
    }
    if (this.lines.length === 0 && this.start === 0) this.start = lineNo;
    this.lines.push(text);
    return [];
  }

  end(): (KspanDoc | { error: string; line: number })[] {
    return this.flush();
  }

  private flush(): (KspanDoc | { error: string; line: number })[] {
    const text = this.lines.join('\n');
    const line = this.start;
    const header = this.header;
    this.lines = [];
    this.start = 0;
    this.header = undefined;
    if (text.trim() === '') return [];
    try {
      const value = parseYaml(text) as unknown;
      return [{ line, value, ...(header?.time ? { time: header.time } : {}), ...(header?.style ? { style: header.style } : {}) }];
    } catch (e) {
      return [{ error: `not valid YAML: ${(e as Error).message.split('\n')[0]}`, line }];
    }
  }
}
