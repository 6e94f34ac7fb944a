// The WAFv2 evaluation engine's public face: compile a web ACL once, evaluate each request against it.
export { compileWebAcl, WebAclCompileError, ALB_BODY_INSPECTION_LIMIT, DEFAULT_IMMUNITY_TIME } from './compile.js';
export type { CompiledWebAcl, CompileOptions } from './compile.js';
export { evaluate } from './evaluate.js';
export type { EvaluationState, GeoIpDatabase } from './statements.js';
export { MemoryRateCounter, type RateCounter } from './rate-limit.js';
export type * from './types.js';
