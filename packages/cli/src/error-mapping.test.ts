import { DqError } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { mapError } from './error-mapping.js';

describe('mapError', () => {
  it('keeps a DqError code, exit code and hint, scrubbing secrets', () => {
    const mapped = mapError(new DqError('DQ_DB_UNREACHABLE', 'auth failed for pw=Sup3r'), (t) =>
      t.replace('Sup3r', '***'),
    );
    expect(mapped).toMatchObject({
      code: 'DQ_DB_UNREACHABLE',
      exitCode: 3,
      message: 'auth failed for pw=***',
    });
    expect(mapped.hint).toMatch(/DATABASE_URL/);
  });

  it('maps a raw database error (SQLSTATE) to exit 3', () => {
    const err = Object.assign(new Error('relation "x" does not exist'), { code: '42P01' });
    expect(mapError(err)).toMatchObject({ code: 'DQ_DB_QUERY_FAILED', exitCode: 3 });
  });

  it('maps oclif usage errors to their exit code and anything else to an internal error', () => {
    const usage = Object.assign(new Error('Nonexistent flag: --x'), { oclif: { exit: 2 } });
    expect(mapError(usage)).toMatchObject({ code: 'DQ_USAGE', exitCode: 2 });
    expect(mapError(new TypeError('undefined is not a function'))).toMatchObject({
      code: 'DQ_INTERNAL',
      exitCode: 3,
    });
  });
});
