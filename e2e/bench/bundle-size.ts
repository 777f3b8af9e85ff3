/**
 * JavaScript a browser downloads, gzipped: the public paylink page's own bundle (what a debtor's
 * phone loads from a reminder), next to the whole designer app as the baseline.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const build = fileURLToPath(new URL('../../designer/build', import.meta.url));

function gzippedJs(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) total += gzippedJs(file);
    else if (entry.endsWith('.js')) total += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return total;
}

export function measureBundleSizes(): { paylinkKb: number; designerKb: number } {
  return {
    paylinkKb: gzippedJs(path.join(build, 'paylink')) / 1024,
    designerKb: gzippedJs(path.join(build, '_app')) / 1024,
  };
}
