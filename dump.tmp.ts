import { readFileSync } from 'node:fs';
import { IndexProvider, loadSnapshot, makeTarget, parseRequirementsTxt, resolve, explainFailure } from './src/core/index.ts';
import { conflictPicture } from './src/ui/components/ConflictPicture/model.ts';
const file = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const loaded = loadSnapshot(file.index);
const provider = new IndexProvider(loaded.index);
const reqs = parseRequirementsTxt(file.requirements).requirements.map((r) => r.requirement);
const request = { requirements: reqs, target: makeTarget(file.target) };
const r = await resolve(provider, request);
if (r.ok) { console.log('ok'); process.exit(0); }
const ex = await explainFailure(provider, request, r, { budgetMs: 500 });
console.log(JSON.stringify(conflictPicture(r.derivation, ex), (k, v) => (k === 'versions' && v.length > 12 ? `[${v.length}]` : v), 1).slice(0, 6000));
