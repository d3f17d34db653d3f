// The artifacts CodePipeline passes between actions through its artifact store (an S3 bucket), as the emulator's
// CodePipeline writes them and its CodeBuild reads them. A CodeCommit source action writes one of two formats
// (its `OutputArtifactFormat`): CODE_ZIP, a zip of the commit's files (symlinks and submodules left out, as
// CodePipeline does), or CODEBUILD_CLONE_REF, a reference to the repository and commit that only CodeBuild can
// use: it checks the commit out itself.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { GitRepository } from '../codecommit/git-repository';

/** Where one artifact of one execution is. */
export interface ArtifactLocation {
  /** The artifact's name in the pipeline declaration. */
  readonly name: string;
  readonly bucket: string;
  readonly key: string;
}

/** The clone reference a CODEBUILD_CLONE_REF source artifact holds. */
export interface CloneReference {
  readonly repositoryName: string;
  readonly branchName: string;
  readonly commitId: string;
}

/** Marks a clone reference apart from a zip (which starts with `PK`). */
const CLONE_REFERENCE_KIND = 'codecommit-clone-reference';

/**
 * The object key of an artifact, as CodePipeline makes it: the pipeline's name and the artifact's name, each cut to
 * 20 characters, and a random id per execution.
 */
export function artifactKey(pipelineName: string, artifactName: string): string {
  const id = randomBytes(5).toString('base64url').slice(0, 7);
  return `${pipelineName.slice(0, 20)}/${artifactName.slice(0, 20)}/${id}`;
}

/** The commit's regular files as a zip (CODE_ZIP); executable files keep their mode. */
export async function zipCommit(git: GitRepository, commitId: string): Promise<Uint8Array> {
  const files: Zippable = {};
  for (const entry of await git.listFiles(commitId)) {
    if (entry.mode !== '100644' && entry.mode !== '100755') continue;
    const mode = entry.mode === '100755' ? 0o755 : 0o644;
    files[entry.path] = [new Uint8Array(await git.readBlob(entry.blobId)), { attrs: ((0o100000 | mode) << 16) >>> 0 }];
  }
  return zipSync(files, { level: 6, mtime: new Date('1980-01-01T00:00:00Z') });
}

/** A CODEBUILD_CLONE_REF artifact's content. */
export function cloneReferenceArtifact(reference: CloneReference): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ kind: CLONE_REFERENCE_KIND, ...reference }));
}

/** The clone reference an artifact holds, or undefined when it is something else (a zip). */
export function readCloneReference(data: Uint8Array): CloneReference | undefined {
  if (data[0] !== 0x7b) return undefined;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(data)) as Partial<CloneReference> & { kind?: string };
    if (
      parsed.kind !== CLONE_REFERENCE_KIND ||
      typeof parsed.repositoryName !== 'string' ||
      typeof parsed.branchName !== 'string' ||
      typeof parsed.commitId !== 'string'
    )
      return undefined;
    return { repositoryName: parsed.repositoryName, branchName: parsed.branchName, commitId: parsed.commitId };
  } catch {
    return undefined;
  }
}

/** Zips files (name inside the zip → file content), as CodeBuild packs a build's output artifact. */
export function zipFiles(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, content] of files) zippable[name] = content;
  return zipSync(zippable, { level: 6 });
}

/**
 * Unpacks a zip artifact into `directory`. An entry whose path would leave the folder (absolute, `..`) is refused:
 * the whole artifact is rejected rather than written in part.
 */
export async function unzipInto(data: Uint8Array, directory: string): Promise<number> {
  const entries = unzipSync(data);
  const root = path.resolve(directory);
  const targets: [string, Uint8Array][] = [];
  for (const [name, content] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    const target = path.resolve(root, name);
    if (path.isAbsolute(name) || name.includes('\\') || !target.startsWith(`${root}${path.sep}`))
      throw new Error(`the artifact has an entry outside its folder: ${JSON.stringify(name)}`);
    targets.push([target, content]);
  }
  for (const [target, content] of targets) {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return targets.length;
}
