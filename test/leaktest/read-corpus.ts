// Reads the runtime corpus (test/leaktest/corpus) from disk: one CorpusPackage per folder that holds Go files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageOf, type CorpusPackage } from './eval-scoring';

/** The wait reasons a `// leak:` marker may name: the runtime's, as `leaklens test` reports them. */
export const KNOWN_STATES = [
  'chan send',
  'chan receive',
  'chan send (nil chan)',
  'chan receive (nil chan)',
  'select',
  'select (no cases)',
  'sync.Mutex.Lock',
  'sync.RWMutex.Lock',
  'sync.RWMutex.RLock',
  'sync.WaitGroup.Wait',
  'sync.Cond.Wait',
] as const;

/** Every package of the corpus rooted at `root` (the folder of its go.mod), sorted by folder. */
export function readCorpus(root: string): CorpusPackage[] {
  const packages: CorpusPackage[] = [];
  const visit = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const goFiles = entries.filter((e) => e.isFile() && e.name.endsWith('.go')).map((e) => path.join(dir, e.name));
    if (goFiles.length > 0) {
      packages.push(packageOf(root, dir, new Map(goFiles.map((f) => [f, fs.readFileSync(f, 'utf8')]))));
    }
    for (const e of entries) if (e.isDirectory()) visit(path.join(dir, e.name));
  };
  visit(root);
  return packages;
}
