import type { Severity } from '../../findings/severity';
import type { HadolintSeverity } from './hadolint-names';

/**
 * What a Dockerfile rule's finding means for the image's security, rule by rule.
 *
 * hadolint's levels say how sure hadolint is that a line is wrong, not how
 * dangerous it is: `MAINTAINER` is an `error` there, a secret-named ARG only a
 * `warning`. Findings carry a severity the gate counts, so each rule gets one
 * from what it guards against:
 *
 * - high: exploitable on its own, or certain to weaken the image (a credential
 *   anyone who pulls the image can read, code run from the network unverified,
 *   root chosen explicitly, a base image from outside the allowed registries);
 * - medium: a real risk that needs another flaw or a bad release to bite
 *   (unpinned base images and registry packages, sudo, root by default);
 * - low: hardening and repeatability (OS packages from signed repositories,
 *   extra packages, ADD's extra powers, silent pipe failures);
 * - info: correctness, size, build speed, style and deprecated syntax.
 *
 * `level` is hadolint's default level for the rule (ours for DS rules). A
 * finding at another level was moved there on purpose (`override:` in
 * `.hadolint.yaml`, `HADOLINT_OVERRIDE_*`), so the project's choice counts
 * and that level is mapped as hadolint's levels always were (see
 * `dockerfileFindingSeverity`). `severity:` in `.devsecops.yml` wins over both.
 */
export interface RuleSeverity {
  /** hadolint's default level for the rule; the table applies only to findings at this level. */
  readonly level: HadolintSeverity;
  /** Our severity for the rule's findings. */
  readonly severity: Severity;
  /** Why, in one short sentence a user reads in `devsecops rules`. */
  readonly reason: string;
}

const PIN_DISTRIBUTION_PACKAGE =
  'Repeatability: the package still comes from the distribution’s signed repository; a new build may get a newer one.';
const PIN_REGISTRY_PACKAGE =
  'Anyone can publish to this registry: an unpinned install takes whatever release is newest (a hijacked one too), and dependency scanning cannot check it.';
const NON_INTERACTIVE = 'Build correctness: without it the build waits for an answer and fails; not a security risk.';
const PACKAGE_CACHE = 'Image size: the package cache stays in the layer; not a security risk.';
const BUILD_ERROR =
  'Docker refuses or ignores this instruction, so the build fails or misbehaves visibly; not a security risk.';
const LABEL_SCHEMA =
  'The project’s own label schema (often provenance: source, revision, licence) is not met; metadata, not a security flaw in the image.';

/** Every rule of hadolint 2.15 and of the built-in engine (DL1000 included), by code. */
export const RULE_SEVERITIES: Readonly<Record<string, RuleSeverity>> = {
  DL1000: {
    level: 'error',
    severity: 'high',
    reason: 'An instruction that could not be parsed was not checked, and a file not checked is never a pass.',
  },
  DL1001: {
    level: 'ignore',
    severity: 'info',
    reason: 'Where exceptions are recorded (inline or in .hadolint.yaml) is a review habit, not a risk.',
  },
  DL3000: {
    level: 'error',
    severity: 'info',
    reason: 'Build correctness: a relative WORKDIR depends on the previous one; not a security risk.',
  },
  DL3001: {
    level: 'info',
    severity: 'low',
    reason: 'Interactive and admin tools (ssh, vim, mount…) have no use in a build and hint they ship in the image.',
  },
  DL3002: {
    level: 'warning',
    severity: 'high',
    reason:
      'The image runs as root by explicit choice: any flaw in its process is root in the container and nearer the host (CWE-250).',
  },
  DL3003: { level: 'warning', severity: 'info', reason: 'Style: WORKDIR is clearer than cd; not a security risk.' },
  DL3004: {
    level: 'error',
    severity: 'medium',
    reason: 'A build that uses sudo has sudo installed and usable in the image: a ready path from its user to root.',
  },
  DL3006: {
    level: 'warning',
    severity: 'medium',
    reason: 'An untagged base image can change under the build: an unreviewed (vulnerable or hijacked) image ships.',
  },
  DL3007: {
    level: 'warning',
    severity: 'medium',
    reason: 'The latest tag moves: each build can ship a different, unreviewed base image.',
  },
  DL3008: { level: 'warning', severity: 'low', reason: PIN_DISTRIBUTION_PACKAGE },
  DL3009: { level: 'info', severity: 'info', reason: PACKAGE_CACHE },
  DL3010: { level: 'info', severity: 'info', reason: 'Image size: ADD unpacks a local archive in one layer.' },
  DL3011: { level: 'error', severity: 'info', reason: BUILD_ERROR },
  DL3012: { level: 'error', severity: 'info', reason: BUILD_ERROR },
  DL3013: { level: 'warning', severity: 'medium', reason: PIN_REGISTRY_PACKAGE },
  DL3014: { level: 'warning', severity: 'info', reason: NON_INTERACTIVE },
  DL3015: {
    level: 'info',
    severity: 'low',
    reason: 'Recommended extras add packages nobody asked for: more code to patch and for an attacker to use.',
  },
  DL3016: { level: 'warning', severity: 'medium', reason: PIN_REGISTRY_PACKAGE },
  DL3018: { level: 'warning', severity: 'low', reason: PIN_DISTRIBUTION_PACKAGE },
  DL3019: { level: 'info', severity: 'info', reason: PACKAGE_CACHE },
  DL3020: {
    level: 'error',
    severity: 'low',
    reason: 'ADD also unpacks archives and fetches URLs; COPY does only what it says, so a review sees what lands.',
  },
  DL3021: { level: 'error', severity: 'info', reason: BUILD_ERROR },
  DL3022: {
    level: 'warning',
    severity: 'low',
    reason: 'A --from name that is no stage is pulled as an image from a registry, which nobody may have meant.',
  },
  DL3023: { level: 'error', severity: 'info', reason: BUILD_ERROR },
  DL3024: { level: 'error', severity: 'info', reason: BUILD_ERROR },
  DL3025: {
    level: 'warning',
    severity: 'info',
    reason: 'Operations: in shell form signals do not reach the process; not a security risk.',
  },
  DL3026: {
    level: 'error',
    severity: 'high',
    reason: 'The project allows base images only from listed registries: this one bypasses that supply-chain policy.',
  },
  DL3027: {
    level: 'warning',
    severity: 'info',
    reason: 'Style: apt is for people, apt-get for scripts; not a security risk.',
  },
  DL3028: { level: 'warning', severity: 'medium', reason: PIN_REGISTRY_PACKAGE },
  DL3029: {
    level: 'warning',
    severity: 'info',
    reason: 'Portability: a fixed --platform limits where the image builds; not a security risk.',
  },
  DL3030: { level: 'warning', severity: 'info', reason: NON_INTERACTIVE },
  DL3032: { level: 'warning', severity: 'info', reason: PACKAGE_CACHE },
  DL3033: { level: 'warning', severity: 'low', reason: PIN_DISTRIBUTION_PACKAGE },
  DL3034: { level: 'warning', severity: 'info', reason: NON_INTERACTIVE },
  DL3035: {
    level: 'warning',
    severity: 'info',
    reason: 'Repeatability: upgrade the base image instead of the distribution inside it; not a security risk.',
  },
  DL3036: { level: 'warning', severity: 'info', reason: PACKAGE_CACHE },
  DL3037: { level: 'warning', severity: 'low', reason: PIN_DISTRIBUTION_PACKAGE },
  DL3038: { level: 'warning', severity: 'info', reason: NON_INTERACTIVE },
  DL3040: { level: 'warning', severity: 'info', reason: PACKAGE_CACHE },
  DL3041: { level: 'warning', severity: 'low', reason: PIN_DISTRIBUTION_PACKAGE },
  DL3042: { level: 'warning', severity: 'info', reason: PACKAGE_CACHE },
  DL3043: { level: 'error', severity: 'info', reason: BUILD_ERROR },
  DL3044: {
    level: 'error',
    severity: 'info',
    reason: 'Build correctness: the variable expands to its old value; not a security risk.',
  },
  DL3045: {
    level: 'warning',
    severity: 'info',
    reason: 'Build correctness: files land in whatever folder the base image left; not a security risk.',
  },
  DL3046: {
    level: 'warning',
    severity: 'info',
    reason: 'Image size: a high UID without -l makes a huge lastlog file; not a security risk.',
  },
  DL3047: { level: 'info', severity: 'info', reason: 'Build logs: wget’s progress bar floods them.' },
  DL3048: { level: 'style', severity: 'info', reason: 'Style: label key naming.' },
  DL3049: { level: 'info', severity: 'low', reason: LABEL_SCHEMA },
  DL3050: { level: 'info', severity: 'info', reason: 'A label the schema does not list: metadata hygiene.' },
  DL3051: { level: 'warning', severity: 'low', reason: LABEL_SCHEMA },
  DL3052: { level: 'warning', severity: 'low', reason: LABEL_SCHEMA },
  DL3053: { level: 'warning', severity: 'low', reason: LABEL_SCHEMA },
  DL3054: { level: 'warning', severity: 'low', reason: LABEL_SCHEMA },
  DL3055: { level: 'warning', severity: 'low', reason: LABEL_SCHEMA },
  DL3056: { level: 'warning', severity: 'low', reason: LABEL_SCHEMA },
  DL3057: {
    level: 'ignore',
    severity: 'info',
    reason: 'Operations: orchestrators cannot tell an unhealthy container; not a security risk.',
  },
  DL3058: { level: 'warning', severity: 'low', reason: LABEL_SCHEMA },
  DL3059: { level: 'info', severity: 'info', reason: 'Layer count: consecutive RUNs could be joined.' },
  DL3060: { level: 'info', severity: 'info', reason: PACKAGE_CACHE },
  DL3061: { level: 'error', severity: 'info', reason: BUILD_ERROR },
  DL3062: { level: 'warning', severity: 'medium', reason: PIN_REGISTRY_PACKAGE },
  DL3063: { level: 'warning', severity: 'info', reason: BUILD_ERROR },
  DL3064: {
    level: 'warning',
    severity: 'medium',
    reason:
      'The name says a credential passes through ARG/ENV, which the image history keeps; the value is not in the file (DS001 finds literal ones).',
  },
  DL3065: { level: 'warning', severity: 'info', reason: 'Style: the flag repeats the default.' },
  DL3066: {
    level: 'info',
    severity: 'low',
    reason: 'A named user cannot be proved non-root before it runs (Kubernetes runAsNonRoot refuses it).',
  },
  DL3067: {
    level: 'warning',
    severity: 'medium',
    reason:
      'Copying a whole stage’s filesystem carries its build tools, caches and any credentials it held into the image.',
  },
  DL4000: {
    level: 'error',
    severity: 'info',
    reason: 'Deprecated syntax: MAINTAINER is metadata, so it has no security weight.',
  },
  DL4001: { level: 'warning', severity: 'info', reason: 'Image size: one download tool is enough.' },
  DL4003: { level: 'warning', severity: 'info', reason: BUILD_ERROR },
  DL4004: { level: 'error', severity: 'info', reason: BUILD_ERROR },
  DL4005: {
    level: 'warning',
    severity: 'info',
    reason: 'Build correctness: SHELL changes the shell without replacing /bin/sh for everything else.',
  },
  DL4006: {
    level: 'warning',
    severity: 'low',
    reason: 'A failed download early in a pipe goes unnoticed and the build goes on with what it got.',
  },
  DS001: {
    level: 'error',
    severity: 'high',
    reason: 'A literal credential in ENV/ARG is readable by anyone who can pull the image (CWE-798).',
  },
  DS002: {
    level: 'error',
    severity: 'high',
    reason: 'A literal credential in RUN stays in the image history, readable by anyone who can pull it (CWE-798).',
  },
  DS003: {
    level: 'warning',
    severity: 'high',
    reason:
      'Code from the network runs in the build with no checksum or signature: whoever controls that server controls the image (CWE-494).',
  },
  DS004: {
    level: 'warning',
    severity: 'medium',
    reason:
      'No USER: the image runs as root unless its base image sets a user, so any flaw in its process is root in the container (CWE-250).',
  },
  DS005: {
    level: 'warning',
    severity: 'medium',
    reason:
      'A download nothing verifies lands in the image: whoever controls that server (or its name) chooses what ships (CWE-494).',
  },
};

/**
 * ShellCheck (SC codes) checks shell correctness, and its level says how sure it
 * is that a RUN line is wrong, not how dangerous it is: a wrong RUN line breaks
 * the build or changes what it does, so errors are medium and the rest below.
 */
export const SHELLCHECK_SEVERITY_BY_LEVEL: Readonly<Record<HadolintSeverity, Severity>> = {
  error: 'medium',
  warning: 'low',
  info: 'info',
  style: 'info',
  ignore: 'info',
};

/** The reason shown for every SC finding's severity. */
export const SHELLCHECK_SEVERITY_REASON =
  'ShellCheck finds shell mistakes, not vulnerabilities: its errors are medium, warnings low, the rest info.';
