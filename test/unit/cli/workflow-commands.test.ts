// Workflow commands survive any message and property: read back as the runner unescapes them, they say exactly what
// was written, on one line, with the properties GitHub uses to place the annotation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../../src/common/errors.js';
import { annotation, problemAnnotation } from '../../../src/cli/ci/workflow-commands.js';
import { parseWorkflowCommand } from '../../support/github-actions.js';

describe('workflow commands', () => {
  it('escapes %, CR and LF in the message and also : and , in properties, as the runner unescapes them', () => {
    const line = annotation('error', '50% done\r\nnext: a, b', { file: 'dir,x/a:b.yaml', line: 7, col: 5, title: 'CODE: x, y' });
    expect(line).toBe('::error file=dir%2Cx/a%3Ab.yaml,line=7,col=5,title=CODE%3A x%2C y::50%25 done%0D%0Anext: a, b');
    expect(parseWorkflowCommand(line)).toEqual({
      command: 'error',
      properties: { file: 'dir,x/a:b.yaml', line: '7', col: '5', title: 'CODE: x, y' },
      message: '50% done\r\nnext: a, b',
    });
  });

  it('round-trips any text, always as one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (message, file) => {
        const line = annotation('warning', message, { file: file || undefined, line: 3 });
        expect(line).not.toMatch(/[\r\n]/);
        const parsed = parseWorkflowCommand(line)!;
        expect(parsed.message).toBe(message);
        expect(parsed.properties).toEqual({ ...(file ? { file } : {}), line: '3' });
      }),
      { numRuns: 300 },
    );
  });

  it('places a storyboard problem on its file, line and column, with its code as the title and the hint kept', () => {
    const problem = new RenderError('SCHEMA_UNKNOWN_KEY', 'unknown key "promt"', { location: { file: 'boards/a.yaml', line: 7, col: 5 }, hint: 'did you mean "prompt"?' });
    expect(parseWorkflowCommand(problemAnnotation(problem))).toEqual({
      command: 'error',
      properties: { file: 'boards/a.yaml', line: '7', col: '5', title: 'SCHEMA_UNKNOWN_KEY' },
      message: 'unknown key "promt"\nhint: did you mean "prompt"?',
    });
  });

  it('redacts before escaping, so a key with a % or a line break in it is still removed', () => {
    const key = 'sk-50%\nsecret';
    const problem = new RenderError('USAGE', `bad key ${key}`);
    const line = problemAnnotation(problem, (text) => text.split(key).join('[redacted]'));
    expect(parseWorkflowCommand(line)!.message).toBe('bad key [redacted]');
  });
});
