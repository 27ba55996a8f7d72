/**
 * Ready-made segmenting questions, after the ones pip's UX research (2020–21, pip's
 * `docs/html/ux-research-design/research-results/`) used to tell its users apart: how long
 * they have used Python, what for, and the three user types of its personas study, each a
 * statement rated on the five answers pip's survey gave.
 */
import type { QuestionStep } from './format.ts';

/** The five answers of pip's user-type statements, from least to most agreement. */
const AGREEMENT = ['I strongly disagree', 'I disagree', 'I have no opinion', 'I agree', 'I strongly agree'];

function agreement(id: string, statement: string): QuestionStep {
  return { type: 'question', id, prompt: statement, answer: { kind: 'likert', points: 5, low: AGREEMENT[0]!, high: AGREEMENT[4]!, labels: AGREEMENT }, required: true, preset: id, annotation: '' };
}

const PRESETS: readonly QuestionStep[] = [
  {
    type: 'question',
    id: 'python-experience',
    prompt: 'How long have you been using Python?',
    answer: { kind: 'choice', options: ['Less than 1 year', '1–2 years', '2–5 years', '5–10 years', '10–20 years', 'More than 20 years'], multiple: false },
    required: true,
    preset: 'python-experience',
    annotation: '',
  },
  {
    type: 'question',
    id: 'python-use',
    prompt: 'What do you use Python for? (choose all that apply)',
    answer: {
      kind: 'choice',
      options: ['Data analysis or data science', 'Machine learning', 'Scientific research or engineering', 'Web development', 'Automation, scripting or system administration', 'Teaching or learning', 'Building libraries or tools for others', 'Something else'],
      multiple: true,
    },
    required: true,
    preset: 'python-use',
    annotation: '',
  },
  agreement('user-type-user', 'I am a Python software user: I use Python software mainly as a tool to do what I want to do.'),
  agreement('user-type-maker', 'I am a Python software maker: I use Python and its packages to make software, mostly for other people.'),
  agreement('user-type-maintainer', 'I am a Python package maintainer: I spend a lot of my time making packages and libraries for other people to use.'),
];

export const PRESET_IDS: readonly string[] = PRESETS.map((p) => p.id);

export function presetQuestion(id: string): QuestionStep | undefined {
  return PRESETS.find((p) => p.id === id);
}
