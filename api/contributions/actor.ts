// Temporary: record-output.ts still imports './actor.js'; it moves to api/use-cases/ on another branch, and this file
// goes when the branches meet (issue 11).
export * from '../use-cases/actor.js';
export { actorParams } from '../store/actor-guard.js';
