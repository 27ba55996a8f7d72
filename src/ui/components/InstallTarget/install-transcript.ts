/**
 * The install into the person's environment as a terminal session: what pip keeps, the
 * changes that need a yes (Pipette asks before a downgrade or a replacement, where pip would
 * just go ahead), then pip's own install lines and its post-install conflict check.
 * Pure, so it is tested without a terminal.
 */
import { terminalSafe } from '../../../core/index.ts';
import type { InstallPlan } from '../../../worker/api.ts';

const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

export type Decision = 'proceed' | 'cancel' | null;

export const PROMPT = 'Proceed (y/N)? ';

/** `y` or `yes` proceeds; anything else, Enter alone included, is pip's default: no. */
export function decisionFor(answer: string): Exclude<Decision, null> {
  return /^\s*y(es)?\s*$/i.test(answer) ? 'proceed' : 'cancel';
}

export function installTranscript(plan: InstallPlan, requirementsArgs: string, decision: Decision): string[] {
  // Names, versions, reasons and pip's words come from the index and the person's files: shown, never run.
  const t = terminalSafe;
  const lines = [`${GREEN}$${RESET} ${BOLD}pip install ${requirementsArgs}${RESET}  ${YELLOW}# simulated, into the environment you gave${RESET}`];
  for (const c of plan.changes.filter((x) => x.action === 'keep')) lines.push(`Requirement already satisfied: ${t(c.name)} in ./site-packages (${t(c.version)})`);
  const risky = plan.changes.filter((c) => c.action === 'downgrade' || c.action === 'replace');
  if (plan.needsConfirmation) {
    lines.push(`${YELLOW}Pipette: this plan changes what you installed:${RESET}`);
    for (const c of risky) {
      const what = c.action === 'downgrade' ? `downgrade ${t(c.name)} ${t(c.installed ?? '')} -> ${t(c.version)}` : `replace ${t(c.name)}${c.installed ? ` ${t(c.installed)}` : ''} with ${t(c.version)} from the index`;
      lines.push(`  ${what} (${t(c.reason)})`);
    }
    if (decision === null) {
      lines.push(PROMPT);
      return lines;
    }
    lines.push(`${PROMPT}${decision === 'proceed' ? 'y' : 'n'}`);
    if (decision === 'cancel') {
      lines.push('Nothing was installed.');
      return lines;
    }
  }
  const changing = plan.changes.filter((c) => c.action !== 'keep');
  if (changing.length === 0) return lines;
  lines.push(`Installing collected packages: ${changing.map((c) => t(c.name)).join(', ')}`);
  for (const c of changing) {
    if (c.installed === null) continue;
    lines.push(`  Attempting uninstall: ${t(c.name)}`, `    Found existing installation: ${t(c.name)} ${t(c.installed)}`, `    Uninstalling ${t(c.name)}-${t(c.installed)}:`, `      Successfully uninstalled ${t(c.name)}-${t(c.installed)}`);
  }
  lines.push(`Successfully installed ${changing.map((c) => `${t(c.name)}-${t(c.version)}`).join(' ')}`);
  for (const line of plan.pipMessage.map(t)) lines.push(line.startsWith('ERROR:') ? `${RED}${line}${RESET}` : line);
  return lines;
}
