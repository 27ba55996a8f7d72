import { describe, expect, it } from 'vitest';
import { installOutput, interpret } from '../../../src/ui/views/study/shell.ts';

const context = { text: 'pandas==2.2.2\nnumpy==1.24.4\n', python: '3.12' };

describe('the terminal-only shell', () => {
  it.each([
    'pip install -r requirements.txt',
    'pip3 install -r requirements.txt',
    'python -m pip install -r requirements.txt',
    'python3 -m pip install --requirement requirements.txt',
    'sudo pip install -r ./requirements.txt',
    'pip install -rrequirements.txt',
  ])('installs from the file: %s', (line) => {
    expect(interpret(line, context)).toEqual({ kind: 'install' });
  });

  it.each(['nano requirements.txt', 'vim requirements.txt', 'code requirements.txt', 'nano'])('opens the editor: %s', (line) => {
    expect(interpret(line, context)).toEqual({ kind: 'edit' });
  });

  it('answers like a shell for the rest', () => {
    expect(interpret('cat requirements.txt', context)).toEqual({ kind: 'print', lines: ['pandas==2.2.2', 'numpy==1.24.4'] });
    expect(interpret('pip install -r reqs.txt', context)).toMatchObject({ kind: 'print', lines: [expect.stringContaining("No such file or directory: 'reqs.txt'")] });
    expect(interpret('conda install numpy', context)).toMatchObject({ lines: [expect.stringContaining('conda: command not found')] });
    expect(interpret('python --version', context)).toEqual({ kind: 'print', lines: ['Python 3.12'] });
    expect(interpret('   ', context)).toEqual({ kind: 'print', lines: [] });
    expect(interpret('clear', context)).toEqual({ kind: 'clear' });
  });

  it('prints pip’s output after an install, by verbosity', () => {
    const transcript = ['$ pip install --dry-run -r requirements.txt', 'Collecting pandas==2.2.2 (from -r requirements.txt (line 1))', 'Would install numpy-1.26.4 pandas-2.2.2'];
    expect(installOutput(transcript, 'normal')).toEqual(['Collecting pandas==2.2.2 (from -r requirements.txt (line 1))', 'Successfully installed numpy-1.26.4 pandas-2.2.2']);
    expect(installOutput(transcript, 'quiet')).toEqual(['Successfully installed numpy-1.26.4 pandas-2.2.2']);
    expect(installOutput(transcript, 'verbose')).toHaveLength(3);
  });
});
