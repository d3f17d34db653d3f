export * from './parse-sarif';
export * from './import-sarif';
export { normaliseToolName } from './sarif-tools';
