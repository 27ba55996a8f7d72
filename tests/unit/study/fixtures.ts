/** A small valid study, as a researcher would write it; tests change one field at a time. */
export function studyJson(): Record<string, unknown> {
  return {
    format: 'pipette-study/1',
    id: 'messages-pilot',
    title: 'Reading resolver errors',
    consent: 'We record what you do on this page. Nothing else.',
    conditions: [
      { name: 'pip-voice', rollout: 50, flags: { voices: ['pip'] } },
      { name: 'terminal', rollout: 50, flags: { terminalOnly: true, verbosity: 'verbose' } },
    ],
    order: 'latin-square',
    steps: [
      { type: 'task', id: 'fix-numpy', title: 'Fix the numpy pin', scenario: 'direct-clash', instructions: 'Make the install work.', success: { kind: 'resolves' }, annotation: 'Watch for the numpy line.' },
      { type: 'task', id: 'name-click', title: 'Which package?', scenario: 'transitive-clash', instructions: 'Which package do they disagree about?', success: { kind: 'names-package', packages: ['click'] }, timeLimitSeconds: 300 },
      { type: 'question', preset: 'python-experience' },
    ],
  };
}
