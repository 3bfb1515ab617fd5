/** Lazy command loading: every top-level command is mapped to the module that defines it. */
import { describe, expect, it } from 'vitest';
import { buildProgram, commandName } from '../../src/cli/program.js';

describe('daylight program', () => {
  it('finds the command name past global options and their values', () => {
    expect(commandName(['node', 'daylight', '--data', 'verify', 'proof', '1'])).toBe('proof');
    expect(commandName(['node', 'daylight', '--database-url', 'postgres://x/y', 'serve'])).toBe('serve');
    expect(commandName(['node', 'daylight', '--help'])).toBeUndefined();
  });

  it('loading a single command defines it exactly as loading them all does', async () => {
    const all = await buildProgram(['node', 'daylight']);
    const names = all.commands.map((c) => c.name()).sort();
    expect(names).toContain('verify');
    for (const name of names) {
      const one = await buildProgram(['node', 'daylight', name]);
      // the command itself is there, with the same sub-commands and options as in the full program
      const a = all.commands.find((c) => c.name() === name)!;
      const b = one.commands.find((c) => c.name() === name);
      expect(b, `command ${name} is not mapped to its module`).toBeDefined();
      expect(b!.commands.map((c) => c.name())).toEqual(a.commands.map((c) => c.name()));
      expect(b!.options.map((o) => o.flags)).toEqual(a.options.map((o) => o.flags));
    }
  });
});
