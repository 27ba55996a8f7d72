/** Entry point of the `pipette` command. */
import { main } from './main.ts';
import { guardTerminal } from './terminal-guard.ts';

// What an index, a file or a participant wrote is shown, never run, on a terminal.
guardTerminal(process.stdout);
guardTerminal(process.stderr);

// Output piped into a reader that stops early (`| head`): stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    exitIfIdle();
  },
  (error: unknown) => {
    process.stderr.write(`pipette: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 3;
    exitIfIdle();
  },
);

/** What may still be open when a command is done: the terminal or pipes of stdin, stdout and stderr. */
const STDIO_RESOURCES = new Set(['TTYWrap', 'PipeWrap']);

/**
 * Ends the process as soon as the command is done when nothing else is under way, instead of
 * letting Node wait for the optimising compiler's threads and take its heap apart first (10 ms of
 * CPU of pyrax-198's 0.17 s). Anything still pending (a socket, a timer, a file operation, output not
 * yet flushed) gets Node's usual exit, after it is done.
 */
function exitIfIdle(): void {
  if (process.stdout.writableLength > 0 || process.stderr.writableLength > 0) return;
  if (process.getActiveResourcesInfo().every((resource) => STDIO_RESOURCES.has(resource))) process.exit();
}
