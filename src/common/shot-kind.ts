// How a shot is generated, the same word in the plan, the executor, the journal, the views and the report.
/** `create`: POST /videos; `remix`: POST /videos/{parent}/remix. Derivations to come (edit, extend) join here. */
export type ShotKind = 'create' | 'remix';
