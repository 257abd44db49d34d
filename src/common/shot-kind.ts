// How a shot is generated, the same word in the plan, the executor, the journal, the views and the report.
/**
 * `create`: a new generation; `remix`: OpenAI's remix of another shot's video (`POST /videos/{parent}/remix`);
 * `extend`: a continuation of another shot's clip (fal's extend endpoints), billed for the seconds it adds.
 */
export type ShotKind = 'create' | 'remix' | 'extend';
