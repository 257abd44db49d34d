// Holding a client of the pool safely (`withClient`), and one transaction on it (`inTransaction`): committed when
// `work` resolves, rolled back when it throws (the error is rethrown as it was), the client released either way.
import type pg from 'pg';

/**
 * A checked-out client whose server goes away between two queries emits 'error' on itself, not on the pool (the
 * pool's listener covers idle clients only), and an 'error' without a listener ends the process. The failure still
 * reaches the caller through the next query; the listener only keeps a database restart from killing the worker.
 */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } finally {
    client.off('error', onError);
    // A broken connection goes back destroyed so the pool never hands it out again.
    client.release(broken);
  }
}

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}
