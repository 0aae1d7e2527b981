import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

/** A real git repository in a test's temp dir, with commits at fixed dates (so `history` prints known dates). */
export class TestRepo {
  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<TestRepo> {
    mkdirSync(dir, { recursive: true });
    const repo = new TestRepo(dir);
    await repo.git(['init', '-q', '-b', 'main']);
    return repo;
  }

  /** A repository that exists already (a clone). */
  static async open(dir: string): Promise<TestRepo> {
    return new TestRepo(dir);
  }

  async git(args: string[], env: Record<string, string> = {}): Promise<string> {
    const r = await execa('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], {
      cwd: this.dir,
      env: { GIT_CONFIG_NOSYSTEM: '1', ...env },
    });
    return String(r.stdout);
  }

  write(file: string, text: string): string {
    const abs = path.join(this.dir, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    return abs;
  }

  /** Commits everything; `date` (ISO) for author and committer. Returns the full and the short hash. */
  async commit(message: string, date = '2026-11-01T10:00:00+00:00'): Promise<{ hash: string; short: string }> {
    await this.git(['add', '-A']);
    await this.git(['commit', '-q', '-m', message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    const hash = (await this.git(['rev-parse', 'HEAD'])).trim();
    return { hash, short: (await this.git(['rev-parse', '--short', 'HEAD'])).trim() };
  }

  /** The worktrees git knows of (the main one included). */
  async worktrees(): Promise<string[]> {
    return (await this.git(['worktree', 'list', '--porcelain']))
      .split('\n')
      .filter((l) => l.startsWith('worktree '))
      .map((l) => l.slice('worktree '.length));
  }
}
