// A synthetic OSV PyPI export the size of the real one, made from the bundled snapshot's records (each advisory
// copied under new ids, most copies for renamed packages, so packages and advisories grow as in the real export).
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/** About the number of PyPI advisories in OSV's export (PYSEC, GHSA and their aliases, withdrawn ones too). */
export const FULL_EXPORT_ADVISORIES = 17_000;

interface OsvRecord {
  id: string;
  aliases?: string[];
  affected?: { package?: { name?: string } }[];
  [key: string]: unknown;
}

/** The bundled records, copied under new ids until there are `count`; copy k > 0 renames its packages. */
export function syntheticExport(bundled: Uint8Array, count: number): Uint8Array {
  const records = Object.entries(unzipSync(bundled))
    .filter(([name]) => name.endsWith('.json'))
    .map(([, bytes]) => JSON.parse(strFromU8(bytes)) as OsvRecord);
  const files: Record<string, Uint8Array> = {};
  for (let index = 0; index < count; index += 1) {
    const copy = Math.floor(index / records.length);
    const record = structuredClone(records[index % records.length]) as OsvRecord;
    if (copy > 0) {
      record.id = `${record.id}-S${String(copy)}`;
      record.aliases = (record.aliases ?? []).map((alias) => `${alias}-S${String(copy)}`);
      for (const affected of record.affected ?? []) {
        if (affected.package?.name !== undefined) affected.package.name = `${affected.package.name}-s${String(copy)}`;
      }
    }
    files[`${record.id}.json`] = strToU8(JSON.stringify(record));
  }
  return zipSync(files, { level: 6 });
}
