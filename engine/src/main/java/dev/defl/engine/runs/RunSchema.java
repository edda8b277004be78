package dev.defl.engine.runs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The run database's schema, as numbered migrations. {@code PRAGMA user_version} holds the version a file is at;
 * {@link #migrate} applies the missing steps in order, each in one transaction, so a file is always at exactly one
 * version. A step is never edited once released: a change is a new step. The schema itself is documented for users in
 * {@code docs/run-database.md} (open it from Python's {@code sqlite3} or DuckDB).
 *
 * <ul>
 *   <li>1 — {@code runs}, {@code participants}, {@code rounds}, {@code transactions}, {@code client_epochs}.</li>
 *   <li>2 — the address book ({@code address_labels}), the name index of the content store ({@code content_names}),
 *       and {@code runs.deleted_at} (a deleted run stays until the window that deleted it closes, so it can be undone).</li>
 *   <li>3 — client-level differential privacy: {@code runs.dp_clip}, {@code dp_noise}, {@code dp_delta} and
 *       {@code rounds.epsilon}.</li>
 *   <li>4 — adaptive DP clipping: {@code runs.dp_target_quantile}.</li>
 *   <li>5 — {@code transactions.kind} also {@code commit} and {@code claim} (Merkle mode).</li>
 * </ul>
 */
public final class RunSchema {
    /** The version this build writes. */
    public static final int CURRENT = 5;

    private static final List<List<String>> STEPS = List.of(
            // 1: runs and what they did
            List.of("""
                    CREATE TABLE runs (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      name TEXT NOT NULL,
                      kind TEXT NOT NULL CHECK (kind IN ('experiment', 'client', 'aggregator')),
                      status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'failed', 'interrupted')),
                      started_at INTEGER NOT NULL,
                      ended_at INTEGER,
                      error TEXT,
                      pid INTEGER,
                      pid_started_at INTEGER,
                      dataset_name TEXT,
                      dataset_cid TEXT,
                      train_rows INTEGER,
                      test_rows INTEGER,
                      partition TEXT,
                      model TEXT,
                      strategy TEXT,
                      strategy_params TEXT,
                      clients INTEGER,
                      client_fraction REAL,
                      aggregators INTEGER,
                      rounds INTEGER,
                      local_epochs INTEGER,
                      batch_size INTEGER,
                      learning_rate REAL,
                      seed INTEGER,
                      device TEXT,
                      poison TEXT,
                      chain_id INTEGER,
                      contract TEXT,
                      task_id INTEGER,
                      spec_cid TEXT,
                      initial_model_cid TEXT
                    )""",
                    """
                    CREATE TABLE participants (
                      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      role TEXT NOT NULL CHECK (role IN ('client', 'aggregator')),
                      idx INTEGER NOT NULL,
                      address TEXT NOT NULL,
                      PRIMARY KEY (run_id, role, idx)
                    )""",
                    """
                    CREATE TABLE rounds (
                      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      round INTEGER NOT NULL,
                      opened_at INTEGER,
                      finalized_at INTEGER,
                      global_cid TEXT,
                      test_accuracy REAL,
                      test_loss REAL,
                      test_rmse REAL,
                      test_mae REAL,
                      test_r2 REAL,
                      finalized_block INTEGER,
                      gas_used INTEGER,
                      train_seconds REAL,
                      submit_seconds REAL,
                      aggregate_seconds REAL,
                      eval_seconds REAL,
                      PRIMARY KEY (run_id, round)
                    )""",
                    """
                    CREATE TABLE transactions (
                      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      round INTEGER NOT NULL,
                      kind TEXT NOT NULL CHECK (kind IN ('update', 'proposal', 'vote')),
                      address TEXT NOT NULL,
                      cid TEXT NOT NULL,
                      samples INTEGER,
                      tx_hash TEXT,
                      gas_used INTEGER,
                      PRIMARY KEY (run_id, round, kind, address)
                    )""",
                    """
                    CREATE TABLE client_epochs (
                      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      round INTEGER NOT NULL,
                      client INTEGER NOT NULL,
                      epoch INTEGER NOT NULL,
                      loss REAL,
                      accuracy REAL,
                      PRIMARY KEY (run_id, round, client, epoch)
                    )""",
                    "CREATE INDEX runs_task ON runs (chain_id, contract, task_id)"),
            // 2: names people can read; soft delete
            List.of("""
                    CREATE TABLE address_labels (
                      address TEXT PRIMARY KEY COLLATE NOCASE,
                      label TEXT NOT NULL,
                      source TEXT NOT NULL CHECK (source IN ('run', 'user')),
                      run_id INTEGER,
                      updated_at INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE content_names (
                      cid TEXT PRIMARY KEY,
                      name TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      run_id INTEGER,
                      round INTEGER,
                      client INTEGER,
                      created_at INTEGER NOT NULL
                    )""",
                    "ALTER TABLE runs ADD COLUMN deleted_at INTEGER"),
            // 3: differential privacy
            List.of("ALTER TABLE runs ADD COLUMN dp_clip REAL",
                    "ALTER TABLE runs ADD COLUMN dp_noise REAL",
                    "ALTER TABLE runs ADD COLUMN dp_delta REAL",
                    "ALTER TABLE rounds ADD COLUMN epsilon REAL"),
            // 4: adaptive clipping
            List.of("ALTER TABLE runs ADD COLUMN dp_target_quantile REAL"),
            // 5: Merkle mode's commitments and reward claims (SQLite cannot alter a CHECK: the table is rebuilt)
            List.of("""
                    CREATE TABLE transactions_v5 (
                      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      round INTEGER NOT NULL,
                      kind TEXT NOT NULL CHECK (kind IN ('update', 'proposal', 'vote', 'commit', 'claim')),
                      address TEXT NOT NULL,
                      cid TEXT NOT NULL,
                      samples INTEGER,
                      tx_hash TEXT,
                      gas_used INTEGER,
                      PRIMARY KEY (run_id, round, kind, address)
                    )""",
                    "INSERT INTO transactions_v5 SELECT run_id, round, kind, address, cid, samples, tx_hash, gas_used FROM transactions",
                    "DROP TABLE transactions",
                    "ALTER TABLE transactions_v5 RENAME TO transactions"));

    private RunSchema() {
    }

    /** The version {@code connection}'s database is at (0 for a new file). */
    public static int version(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Brings {@code connection}'s database to {@code target}, one step per transaction.
     *
     * @throws IllegalStateException if the file is at a newer version than this build knows (written by a newer
     *                               DeFL Workbench), or {@code target} is out of range
     * @throws SQLException          if a step fails (that step is rolled back; earlier steps stay)
     */
    public static void migrate(Connection connection, int target) throws SQLException {
        if (target < 1 || target > STEPS.size()) throw new IllegalStateException("no schema version " + target);
        int at = version(connection);
        if (at > STEPS.size()) {
            throw new IllegalStateException("the run database is at schema version " + at + ", newer than this build's "
                    + STEPS.size() + " (written by a newer DeFL Workbench)");
        }
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (int v = at + 1; v <= target; v++) {
                try (Statement st = connection.createStatement()) {
                    for (String sql : STEPS.get(v - 1)) st.executeUpdate(sql);
                    st.executeUpdate("PRAGMA user_version = " + v);
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw new SQLException("run database migration to schema version " + v + " failed: " + e.getMessage(), e);
                }
            }
        } finally {
            connection.setAutoCommit(auto);
        }
    }
}
