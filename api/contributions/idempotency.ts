// Temporary: record-output.ts still imports './idempotency.js'; it moves to api/use-cases/ on another branch, and this file goes
// when the branches meet (issue 11).
export * from '../use-cases/idempotency.js';
