// The batch database's schema, as numbered migrations applied in order (src/batch/db/migrate.ts). A migration is
// never edited once released: a change is a new entry. Everything lives in the `render` schema; pg-boss keeps its
// own (`pgboss`). Money is integer micro-dollars, as in the executor; times are timestamptz from the server's clock.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'batches, units of work, journal, holds, caps, rate limits',
    sql: `
CREATE TABLE render.batches (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'cancelled', 'done')),
  -- The batch's own cap (render enqueue --max-usd); the org caps are in render.caps.
  cap_micro_usd bigint CHECK (cap_micro_usd >= 0)
);

-- One storyboard of a batch: its plan as enqueued (JSON), and its cut once every shot is stored.
CREATE TABLE render.storyboards (
  batch_id text NOT NULL REFERENCES render.batches (id) ON DELETE CASCADE,
  name text NOT NULL,
  source_path text NOT NULL,
  plan jsonb NOT NULL,
  cut_state text NOT NULL DEFAULT 'waiting' CHECK (cut_state IN ('waiting', 'stitching', 'done', 'failed', 'skipped')),
  cut_holder text,
  cut_lease_until timestamptz,
  cut_path text,
  report_path text,
  cut_error text,
  stitched_at timestamptz,
  PRIMARY KEY (batch_id, name)
);

-- The unit of work is the cache key: the same recipe in two storyboards or two batches is one unit, paid once.
CREATE TABLE render.units (
  key text PRIMARY KEY,
  provider text NOT NULL,
  model text NOT NULL,
  -- The unit a remix or extension is made from (its job id is needed before this one can be sent).
  parent_key text REFERENCES render.units (key),
  -- The batch that first enqueued it: its holds count against that batch's cap.
  batch_id text NOT NULL REFERENCES render.batches (id),
  -- What the worker needs to run it (the executor's shot, reference bytes in base64).
  payload jsonb NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'stored', 'failed', 'unknown', 'cancelled')),
  -- The worker holding it and until when (renewed while it works; a lapsed lease lets another worker take it).
  holder text,
  lease_until timestamptz,
  job_id text,
  cost_micro_usd bigint NOT NULL DEFAULT 0,
  error jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_parent ON render.units (parent_key);

CREATE TABLE render.batch_shots (
  batch_id text NOT NULL,
  storyboard text NOT NULL,
  shot_id text NOT NULL,
  position integer NOT NULL,
  key text NOT NULL REFERENCES render.units (key),
  PRIMARY KEY (batch_id, storyboard, shot_id),
  FOREIGN KEY (batch_id, storyboard) REFERENCES render.storyboards (batch_id, name) ON DELETE CASCADE
);
CREATE INDEX batch_shots_key ON render.batch_shots (key);

-- The write-ahead journal of every worker: the executor's records, by unit. An intent row is inserted in the same
-- transaction as its hold (render.holds), before its paid call leaves.
CREATE TABLE render.journal (
  seq bigserial PRIMARY KEY,
  key text NOT NULL,
  intent_id text NOT NULL,
  type text NOT NULL,
  rec jsonb NOT NULL,
  worker text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX journal_key ON render.journal (key, seq);
CREATE INDEX journal_intent ON render.journal (intent_id);

-- Money that may be billed: one row per paid call. 'held' counts against every cap until it is 'spent' (booked)
-- or 'released' (proven unbilled).
CREATE TABLE render.holds (
  intent_id text PRIMARY KEY,
  key text NOT NULL,
  batch_id text NOT NULL,
  provider text NOT NULL,
  day date NOT NULL,
  amount_micro_usd bigint NOT NULL CHECK (amount_micro_usd >= 0),
  state text NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'spent', 'released')),
  worker text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX holds_day ON render.holds (day) WHERE state <> 'released';
CREATE INDEX holds_batch ON render.holds (batch_id) WHERE state <> 'released';

-- Org-wide caps: scope 'day' (per UTC day), 'provider:<name>' (per UTC day and provider).
CREATE TABLE render.caps (
  scope text PRIMARY KEY,
  cap_micro_usd bigint NOT NULL CHECK (cap_micro_usd >= 0),
  set_at timestamptz NOT NULL DEFAULT now()
);

-- Shared rate limits, per scope ('<provider>' or '<provider>/<model>'): paid-call starts in the last minute, and a
-- pause every worker honours (a 429's Retry-After).
CREATE TABLE render.rate_scopes (
  scope text PRIMARY KEY,
  paused_until timestamptz
);
CREATE TABLE render.rate_starts (
  scope text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX rate_starts_scope ON render.rate_starts (scope, at);

-- Jobs in flight, shared: a row per unit whose job is generating, leased like the unit.
CREATE TABLE render.inflight (
  key text PRIMARY KEY,
  scope text NOT NULL,
  holder text NOT NULL,
  lease_until timestamptz NOT NULL
);
CREATE INDEX inflight_scope ON render.inflight (scope);

CREATE TABLE render.workers (
  id text PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz NOT NULL DEFAULT now(),
  stopped_at timestamptz
);
`,
  },
];

export const latestVersion = migrations.at(-1)!.version;
