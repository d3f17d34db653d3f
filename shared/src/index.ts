// Public surface of the core library, for the extension, the bot and tests.
export * from './errors/devsecops-error';
export * from './findings/finding';
export * from './findings/severity';
export * from './findings/fingerprint';
export * from './findings/line-reader';
export * from './process/process-runner';
export * from './scanners/scanner';
export * from './config/config';
export * from './files/discover-files';
export * from './files/file-kinds';
