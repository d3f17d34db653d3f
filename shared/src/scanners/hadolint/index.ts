export * from './hadolint-report';
export * from './hadolint-scanner';
