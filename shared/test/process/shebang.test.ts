import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { parseShebang } from '../../src/process/shebang';

describe('parseShebang', () => {
  it('reads the program and its one argument as Linux does', () => {
    deepStrictEqual(parseShebang('#!/usr/bin/python3\nimport sys\n'), { interpreter: '/usr/bin/python3' });
    deepStrictEqual(parseShebang('#! /usr/bin/python3\n'), { interpreter: '/usr/bin/python3' });
    deepStrictEqual(parseShebang('#!\t/usr/bin/python3 -I\n'), { interpreter: '/usr/bin/python3', argument: '-I' });
    // The rest of the line is one argument, not split on blanks; trailing blanks are dropped.
    deepStrictEqual(parseShebang('#!/usr/bin/env -S python3 -I  \t\n'), {
      interpreter: '/usr/bin/env',
      argument: '-S python3 -I',
    });
    deepStrictEqual(parseShebang('#!/usr/bin/python3'), { interpreter: '/usr/bin/python3' }, 'no line break');
    // A carriage return is part of the name, as the kernel reads it (such a script fails to start).
    deepStrictEqual(parseShebang('#!/usr/bin/python3\r\n'), { interpreter: '/usr/bin/python3\r' });
  });

  it('finds none where there is no #! at the very start', () => {
    strictEqual(parseShebang(''), undefined);
    strictEqual(parseShebang('#!\n/usr/bin/python3'), undefined);
    strictEqual(parseShebang(' #!/usr/bin/python3\n'), undefined);
    strictEqual(parseShebang('\u007fELF'), undefined);
  });
});
