import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DevsecopsError } from '@devsecops/shared/errors';
import type { Finding } from '@devsecops/shared/findings';
import { readRepositoryFile } from '@devsecops/shared/files';
import { isSarifReportName, RUN_MANIFEST_NAME } from '@devsecops/shared/sarif';
import type { ToolWithoutBaseline } from '@devsecops/shared/policy';
import { readReport } from '../findings/read-report';
import type { SarifReader } from '../findings/read-report';
import type { LoadedFindings, NotScanned } from '../findings/loaded-findings';
import { notScannedByManifest } from '../findings/run-manifest';
import type { FindingsSource } from '../ports';

/** SARIF reports larger than this are refused rather than read. */
const MAX_SARIF_BYTES = 256 * 1024 * 1024;

/**
 * A report's text. In a folder (a checkout's `reports/`, which the repository could have shipped) a
 * report is read like any repository file: no link out of the folder, no FIFO, bounded; a refused
 * report is an error, never a silently smaller set of findings. A file named explicitly is the caller's own.
 */
async function readReportText(folder: string | undefined, file: string): Promise<string> {
  if (folder === undefined) return readFile(file, 'utf8');
  const read = await readRepositoryFile({
    root: folder,
    path: basename(file),
    maxBytes: MAX_SARIF_BYTES,
    treeName: `the reports folder ${folder}`,
  });
  if (!read.ok) throw read.error;
  return read.text;
}

/** Reads a SARIF file, or every `*.sarif` directly inside a folder (the pipeline's `reports/`). */
export function localFindingsSource(path: string, readSarif: SarifReader): FindingsSource {
  return {
    async load(): Promise<LoadedFindings> {
      let files: string[];
      let folder: string | undefined;
      try {
        const info = await stat(path);
        folder = info.isDirectory() ? path : undefined;
        files = info.isDirectory()
          ? (await readdir(path))
              .filter(isSarifReportName)
              .sort()
              .map((name) => join(path, name))
          : [path];
      } catch (error) {
        throw new DevsecopsError(
          'FILE_UNREADABLE',
          `Cannot read SARIF from ${path}: pass a .sarif file or the folder the pipeline wrote (reports/).`,
          { cause: error },
        );
      }
      const findings: Finding[] = [];
      const notScanned: NotScanned[] = [];
      const preExisting = new Set<string>();
      const withoutBaseline: ToolWithoutBaseline[] = [];
      for (const file of files) {
        const report = readReport(readSarif, await readReportText(folder, file), basename(file));
        findings.push(...report.findings);
        notScanned.push(...report.notScanned);
        for (const fingerprint of report.preExisting) preExisting.add(fingerprint);
        withoutBaseline.push(...report.withoutBaseline);
      }
      if (folder !== undefined && files.length > 0) {
        // The run manifest beside the reports, when `pipeline run` wrote it: what ran, and what it wrote.
        const manifest = await readRepositoryFile({
          root: folder,
          path: RUN_MANIFEST_NAME,
          maxBytes: MAX_SARIF_BYTES,
          treeName: `the reports folder ${folder}`,
        });
        if (manifest.ok) notScanned.push(...notScannedByManifest(manifest.text, RUN_MANIFEST_NAME, files));
        else if (manifest.reason !== 'missing') throw manifest.error;
      }
      return { findings, sources: files, location: path, notScanned, preExisting, withoutBaseline };
    },
  };
}
