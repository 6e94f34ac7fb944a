// Transitional: policy-grammar validation now lives beside the engine, in src/policy/validation/.
export * from '../../policy/validation/validate.js';
