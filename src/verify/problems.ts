/**
 * The list of what is wrong, bounded: a wholly corrupt archive of a million entries must not
 * become a million-line report held in memory. After MAX_PROBLEMS the rest are only counted.
 */
import type { Problem } from './verify.js';

export const MAX_PROBLEMS = 1000;

export class Problems {
  readonly list: Problem[] = [];
  private omitted = 0;

  add(file: string, reason: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push({ file, reason });
    else this.omitted++;
  }

  /** The problems, with one closing line counting those not listed. */
  done(): Problem[] {
    if (this.omitted === 0) return this.list;
    return [...this.list, { file: '…', reason: `${this.omitted} more problems not listed` }];
  }
}
