export * from './bandit-command';
export * from './bandit-report';
export * from './bandit-scanner';
export * from './bandit-unscanned';
