import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { renderReport } from '../../src/reports';
import type { ReportFormat } from '../../src/reporters/render-report';
import { assertMatchesGoldenText } from './golden-file';
import { EMPTY_INPUT, SAMPLE_INPUT } from './sample-report';

const GOLDEN_DIR = join(__dirname, '..', 'fixtures', 'report-goldens');

const GOLDEN_FILES: readonly { format: ReportFormat; file: string }[] = [
  { format: 'console', file: 'sample.console.txt' },
  { format: 'json', file: 'sample.json' },
  { format: 'sarif', file: 'sample.sarif' },
  { format: 'junit', file: 'sample.junit.xml' },
  { format: 'markdown', file: 'sample.md' },
];

describe('reporters: golden output for a multi-tool scan', () => {
  for (const { format, file } of GOLDEN_FILES) {
    it(`renders ${format} as in fixtures/report-goldens/${file}`, () => {
      assertMatchesGoldenText(join(GOLDEN_DIR, file), renderReport(format, SAMPLE_INPUT));
    });
    it(`renders ${format} for a scan with no findings as in fixtures/report-goldens/empty.${file.split('.').slice(1).join('.')}`, () => {
      assertMatchesGoldenText(
        join(GOLDEN_DIR, `empty.${file.split('.').slice(1).join('.')}`),
        renderReport(format, EMPTY_INPUT),
      );
    });
  }

  it('renders the same text for the same input (pure)', () => {
    for (const { format } of GOLDEN_FILES) {
      assert.equal(renderReport(format, SAMPLE_INPUT), renderReport(format, SAMPLE_INPUT));
    }
  });
});
