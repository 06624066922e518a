/** The Elasticsearch node a benchmark uses: ES_URL, else the node scripts/es.sh runs, else one it starts. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './common.js';

/** The node to use, and whether this process started it (and so must stop it). */
export function esUrl(): { url: string; started: boolean } {
  if (process.env.ES_URL) return { url: process.env.ES_URL, started: false };
  const script = join(REPO_ROOT, 'scripts/es.sh');
  try {
    const url = execFileSync(script, ['status'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    console.log(`using the running node ${url} (not ours: left running)`);
    return { url, started: false };
  } catch {
    // not running: start one below
  }
  console.log('starting Elasticsearch with scripts/es.sh start ...');
  const out = execFileSync(script, ['start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return { url: out.trim().split('\n').pop()!, started: true };
}
