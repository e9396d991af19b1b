/**
 * A worker that died without error.txt gets its reason from its own marked stderr line, never
 * from a library's warning (issue 29 case 13: main recorded a Dawn warning, the last stderr line,
 * as the failure reason).
 */
import { describe, expect, it } from 'vitest';
import { failureFromStderr } from '../../src/execute/execute.ts';
import { REASON_PREFIX } from '../../src/execute/worker-protocol.ts';

const DAWN = 'Warning: Dawn: the adapter is a software fallback; performance will be poor';

describe('failureFromStderr', () => {
  it('a worker killed after a Dawn warning: the reason is the kill, the warning only context', () => {
    const failure = failureFromStderr(`${DAWN}\n`, null, 'SIGKILL');
    expect(failure.why).toMatch(/^worker killed by SIGKILL/);
    expect(failure.why).not.toContain('Dawn');
    expect(failure.context).toContain(DAWN);
  });

  it('a worker that exited without saying why, after a warning', () => {
    expect(failureFromStderr(`${DAWN}\n\nNode.js v20.20.2\n`, 7, null).why).toBe('worker exited with code 7 without saying why');
  });

  it('the reason the worker stated, even with warnings after it', () => {
    expect(failureFromStderr(`${REASON_PREFIX}cannot write /x/curve.csv: ENOSPC (no space left on device)\n${DAWN}\n`, 1, null)).toEqual({ why: 'cannot write /x/curve.csv: ENOSPC (no space left on device)', context: '' });
  });
});
