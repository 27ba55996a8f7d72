/**
 * The few commands of the terminal-only study mode, as a participant would type them in a
 * shell: pip install -r requirements.txt, an editor on the file, cat, ls, clear, help.
 * Pure: it decides what a line means; the task view does it.
 */
import type { StudyVerbosity } from '../../../core/index.ts';

export const FILE = 'requirements.txt';

export type ShellAction =
  | { readonly kind: 'install' }
  | { readonly kind: 'edit' }
  | { readonly kind: 'clear' }
  | { readonly kind: 'print'; readonly lines: readonly string[] };

const EDITORS = new Set(['nano', 'vi', 'vim', 'nvim', 'emacs', 'edit', 'code', 'micro', 'pico', 'gedit', 'notepad']);
const HELP = [
  'This is a simulated terminal: nothing runs on your computer. It understands:',
  `  pip install -r ${FILE}    install the requirements (simulated)`,
  `  nano ${FILE}              edit the file (also vi, vim, code, edit)`,
  `  cat ${FILE}               show the file`,
  '  ls, clear, help',
];

function words(line: string): string[] {
  return line.trim().split(/\s+/).filter(Boolean);
}

export function interpret(line: string, context: { readonly text: string; readonly python: string }): ShellAction {
  const argv = words(line);
  if (argv.length === 0) return { kind: 'print', lines: [] };
  let [command, ...args] = argv;
  if (command === 'sudo') [command, ...args] = args;
  // python -m pip ... and pip3 are pip.
  if ((command === 'python' || command === 'python3' || command === 'py') && args[0] === '-m' && args[1] === 'pip') [command, ...args] = ['pip', ...args.slice(2)];
  if (command === 'pip3') command = 'pip';
  switch (command) {
    case 'pip': {
      if (args[0] === '--version' || args[0] === '-V') return { kind: 'print', lines: [`pip 23.2 (simulated, python ${context.python})`] };
      if (args[0] !== 'install') return { kind: 'print', lines: [args.length ? `This simulated pip only runs: pip install -r ${FILE}` : `Usage: pip install -r ${FILE}   (simulated)`] };
      const r = args.findIndex((a) => a === '-r' || a === '--requirement');
      const file = r >= 0 ? args[r + 1] : args.find((a) => a.startsWith('--requirement='))?.split('=')[1] ?? args.find((a) => a.startsWith('-r') && a.length > 2)?.slice(2);
      if (!file) return { kind: 'print', lines: [`This simulated pip installs from the file: pip install -r ${FILE}`] };
      if (file !== FILE && file !== `./${FILE}`) return { kind: 'print', lines: [`\x1b[31mERROR: Could not open requirements file: [Errno 2] No such file or directory: '${file}'\x1b[0m`] };
      return { kind: 'install' };
    }
    case 'cat':
    case 'less':
    case 'more':
      if (args[0] === FILE || args[0] === `./${FILE}`) return { kind: 'print', lines: context.text.replace(/\n$/, '').split('\n') };
      return { kind: 'print', lines: [`${command}: ${args[0] ?? ''}: No such file or directory`] };
    case 'ls':
      return { kind: 'print', lines: [FILE] };
    case 'clear':
      return { kind: 'clear' };
    case 'help':
      return { kind: 'print', lines: HELP };
    case 'python':
    case 'python3':
      if (args[0] === '--version' || args[0] === '-V') return { kind: 'print', lines: [`Python ${context.python}`] };
      return { kind: 'print', lines: ['This simulated terminal has no Python prompt; try: help'] };
    default:
      if (EDITORS.has(command!)) {
        if (!args[0] || args[0] === FILE || args[0] === `./${FILE}`) return { kind: 'edit' };
        return { kind: 'print', lines: [`This simulated terminal only edits ${FILE}.`] };
      }
      return { kind: 'print', lines: [`bash: ${command}: command not found (type help: this terminal is simulated)`] };
  }
}

/**
 * pip's output for `pip install -r requirements.txt` from the dry-run transcript: the command
 * line is dropped (the participant typed it), "Would install" becomes what pip says after a
 * real install, and the verbosity flag keeps more or fewer lines.
 */
export function installOutput(transcript: readonly string[], verbosity: StudyVerbosity): string[] {
  const lines = transcript.slice(1).map((l) => l.replace(/^Would install /, 'Successfully installed '));
  if (verbosity === 'quiet') return lines.filter((l) => !l.startsWith('Collecting '));
  if (verbosity === 'verbose') return [`Using pip 23.2 (simulated) with a resolver that follows pip's rules`, ...lines];
  return lines;
}
