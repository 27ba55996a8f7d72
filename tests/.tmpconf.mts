import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { IndexProvider, resolve } from '/work/main/src/core/index.ts';
import { readProblem, requestFor } from '/work/main/src/cli/files.ts';
const dir = '/work/shared/data/cases';
let rows = [];
for (const f of readdirSync(dir).filter(f => f.endsWith('.json'))) {
  try {
    const p = readProblem(join(dir, f));
    for (const policy of ['complete','pip']) {
      const req = { ...requestFor(p), policy };
      const r = await resolve(new IndexProvider(p.index, p.warnings), req as any);
      rows.push([f, policy, r.stats.conflicts, r.stats.decisions]);
    }
  } catch (e) { rows.push([f, 'err', String(e).slice(0,80)]); }
}
rows.sort((a:any,b:any)=>(b[2] as number)-(a[2] as number));
for (const r of rows.slice(0,12)) console.log(r.join('  '));
