import { deepStrictEqual } from 'node:assert/strict';
import type { DevsecopsConfig, ToolEnablement } from '../../src/config/config';
import { DEFAULT_CONFIG } from '../../src/config/config';
import type { ScannerFactories } from '../../src/scan/select-scanners';
import { selectScanners } from '../../src/scan/select-scanners';
import type { Scanner } from '../../src/scanners/scanner';
import { createFakeToolDir } from './fake-tools';

const fake = (id: string, category: Scanner['category']) => (): Scanner => ({
  id,
  category,
  scan: () => Promise.resolve({ findings: [], tools: [] }),
});

const FACTORIES: ScannerFactories = {
  bandit: fake('bandit', 'sast'),
  hadolint: fake('hadolint', 'dockerfile'),
  dependencyCheck: fake('dependency-check', 'sca'),
  builtinSca: fake('devsecops-sca', 'sca'),
  builtinDockerfile: fake('devsecops-dockerfile', 'dockerfile'),
};

function config(hadolint: ToolEnablement, dockerfileEngine = true): DevsecopsConfig {
  return {
    ...DEFAULT_CONFIG,
    tools: { ...DEFAULT_CONFIG.tools, hadolint: { enabled: hadolint }, dockerfile: { enabled: dockerfileEngine } },
  };
}

describe('selectScanners', () => {
  let fakes: ReturnType<typeof createFakeToolDir>;
  before(() => {
    fakes = createFakeToolDir();
    fakes.add('hadolint', 'exit 0');
  });
  after(() => fakes.remove());

  const ids = async (cfg: DevsecopsConfig, installed: boolean, factories = FACTORIES): Promise<string[]> =>
    (
      await selectScanners(cfg, ['dockerfile'], {
        // The scanned repository: tools on PATH inside it would not count.
        root: '/nonexistent-project',
        env: { PATH: installed ? fakes.dir : '/nonexistent' },
        factories,
      })
    ).map((scanner) => scanner.id);

  it('auto: the real hadolint when installed, else the built-in engine', async () => {
    deepStrictEqual(await ids(config('auto'), true), ['hadolint']);
    deepStrictEqual(await ids(config('auto'), false), ['devsecops-dockerfile']);
  });

  it('auto with neither: the real tool, so it reports itself skipped with the hint', async () => {
    deepStrictEqual(await ids(config('auto', false), false), ['hadolint']);
    const withoutBuiltin: ScannerFactories = {
      bandit: FACTORIES.bandit,
      hadolint: FACTORIES.hadolint,
      dependencyCheck: FACTORIES.dependencyCheck,
    };
    deepStrictEqual(await ids(config('auto'), false, withoutBuiltin), ['hadolint']);
  });

  it('on: both the real tool and the built-in engine; off: the built-in engine only', async () => {
    deepStrictEqual(await ids(config('on'), false), ['hadolint', 'devsecops-dockerfile']);
    deepStrictEqual(await ids(config('off'), true), ['devsecops-dockerfile']);
    deepStrictEqual(await ids(config('off', false), true), []);
  });

  it('bandit: off removes SAST; categories come in sast, sca, dockerfile order', async () => {
    const all = await selectScanners(DEFAULT_CONFIG, ['dockerfile', 'sca', 'sast'], {
      root: '/',
      env: { PATH: '/nonexistent' },
      factories: FACTORIES,
    });
    deepStrictEqual(
      all.map((scanner) => scanner.id),
      ['bandit', 'devsecops-sca', 'devsecops-dockerfile'],
    );
    const noBandit: DevsecopsConfig = {
      ...DEFAULT_CONFIG,
      tools: { ...DEFAULT_CONFIG.tools, bandit: { enabled: 'off' } },
    };
    deepStrictEqual(
      (await selectScanners(noBandit, ['sast'], { root: '/', factories: FACTORIES })).map((scanner) => scanner.id),
      [],
    );
  });
});
