export * from './dependency-check-report';
export * from './dependency-check-scanner';
export * from './requirement-lines';
