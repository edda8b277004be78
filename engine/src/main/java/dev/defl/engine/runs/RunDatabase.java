package dev.defl.engine.runs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The run database: every run the workbench starts (the Trainer pane, {@code defl run}) and every task it joins as a
 * node, kept in {@value #FILE_NAME} in the data directory. SQLite through {@code org.xerial:sqlite-jdbc}, in WAL mode
 * (readers never block the writer; several processes may open one file), schema versions in {@link RunSchema}. Rows
 * are written as a run goes, each in its own transaction, so a run killed mid-way keeps every round it finished.
 *
 * <p>Thread-safe: one connection ({@link RunSql}), one statement at a time. Readers of this process learn of writes through
 * {@link #onChange}; those of other processes by polling {@link #dataVersion()}. Run reads are in
 * {@link RunReads}; the address book and name index in {@link RunNames}.
 */
public final class RunDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunDatabase.class);

    /** The file in the data directory. */
    public static final String FILE_NAME = "runs.db";

    /** What changed, as told to {@link #onChange} listeners. */
    public enum Change {
        /** A run was added, updated, renamed, deleted or restored. */
        RUNS,
        /** The address book changed. */
        LABELS,
        /** The content name index changed. */
        NAMES
    }

    private final Path file;
    private final RunSql sql;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final RunReads reads;
    private final RunNames names;

    private RunDatabase(Path file, Connection connection) {
        this.file = file;
        this.sql = new RunSql(file, connection);
        this.reads = new RunReads(this);
        this.names = new RunNames(this);
    }

    /**
     * Opens (creating it if missing) {@value #FILE_NAME} in {@code dataDir}, migrates it to {@link RunSchema#CURRENT}
     * and marks runs whose process is gone as {@link RunStatus#INTERRUPTED}.
     *
     * @throws IOException naming the file when it cannot be opened or migrated (unwritable directory, not a SQLite
     *                     file, a newer schema)
     */
    public static RunDatabase open(Path dataDir) throws IOException {
        return open(dataDir, RunSchema.CURRENT);
    }

    /** As {@link #open(Path)}, migrating only to {@code version} (for migration tests). */
    static RunDatabase open(Path dataDir, int version) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = NORMAL"); // in WAL mode: a killed process loses no commit
                st.execute("PRAGMA foreign_keys = ON");
                RunSchema.migrate(c, version);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            RunDatabase db = new RunDatabase(file, c);
            db.markInterrupted();
            return db;
        } catch (SQLException | RuntimeException e) {
            throw new IOException("cannot open the run database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The connection's statements, for {@link RunReads} and {@link RunNames}. */
    RunSql sql() {
        return sql;
    }

    /** Runs, their rounds, transactions and epochs. */
    public RunReads reads() {
        return reads;
    }

    /** The address book and the content name index. */
    public RunNames names() {
        return names;
    }

    /**
     * Calls {@code listener} after each change this process commits, on the committing thread.
     *
     * @return closing it removes the listener
     */
    public AutoCloseable onChange(Consumer<Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** SQLite's {@code PRAGMA data_version}: changes when another connection (another process) commits. */
    public synchronized long dataVersion() throws IOException {
        return sql.query("read the data version", "PRAGMA data_version", ps -> { }, rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    // ---- writes ----------------------------------------------------------------------------------------------

    /**
     * Adds a run in status {@link RunStatus#RUNNING}, owned by this process, named "run ID" unless {@code name} is
     * given.
     *
     * @return its id
     * @throws IOException when the row cannot be written
     */
    public synchronized long startRun(String name, RunParams p, Instant startedAt) throws IOException {
        long id = sql.update("add a run", """
                INSERT INTO runs (name, kind, status, started_at, pid, pid_started_at, dataset_name, dataset_cid,
                  train_rows, test_rows, partition, model, strategy, strategy_params, clients, client_fraction,
                  aggregators, rounds, local_epochs, batch_size, learning_rate, seed, device, poison)
                VALUES ('', ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
            ProcessHandle self = ProcessHandle.current();
            ps.setString(1, p.kind().label());
            ps.setLong(2, startedAt.toEpochMilli());
            ps.setLong(3, self.pid());
            RunSql.setLong(ps, 4, processStart(self));
            ps.setString(5, p.datasetName());
            ps.setString(6, p.datasetCid());
            RunSql.setLong(ps, 7, p.trainRows());
            RunSql.setLong(ps, 8, p.testRows());
            ps.setString(9, p.partition());
            ps.setString(10, p.model());
            ps.setString(11, p.strategy());
            ps.setString(12, RunSql.json(p.strategyParams()));
            RunSql.setLong(ps, 13, p.clients());
            RunSql.setDouble(ps, 14, p.clientFraction());
            RunSql.setLong(ps, 15, p.aggregators());
            RunSql.setLong(ps, 16, p.rounds());
            RunSql.setLong(ps, 17, p.localEpochs());
            RunSql.setLong(ps, 18, p.batchSize());
            RunSql.setDouble(ps, 19, p.learningRate());
            RunSql.setLong(ps, 20, p.seed());
            ps.setString(21, p.device());
            ps.setString(22, p.poison());
        }, true);
        if (p.dpClip() != null || p.dpNoise() != null || p.dpDelta() != null) { // written apart: older schemas lack them
            sql.update("record the run's DP setting", "UPDATE runs SET dp_clip = ?, dp_noise = ?, dp_delta = ? WHERE id = ?",
                    ps -> {
                        RunSql.setDouble(ps, 1, p.dpClip());
                        RunSql.setDouble(ps, 2, p.dpNoise());
                        RunSql.setDouble(ps, 3, p.dpDelta());
                        ps.setLong(4, id);
                    }, false);
        }
        if (p.dpTargetQuantile() != null) { // schema 4
            sql.update("record the run's adaptive clipping", "UPDATE runs SET dp_target_quantile = ? WHERE id = ?", ps -> {
                RunSql.setDouble(ps, 1, p.dpTargetQuantile());
                ps.setLong(2, id);
            }, false);
        }
        sql.update("name the run", "UPDATE runs SET name = ? WHERE id = ?", ps -> {
            ps.setString(1, name == null || name.isBlank() ? "run " + id : name.strip());
            ps.setLong(2, id);
        }, false);
        fire(Change.RUNS);
        return id;
    }

    /** Records the dataset's CID and the device of run {@code runId}. */
    public synchronized void setDataset(long runId, String datasetCid) throws IOException {
        sql.update("record the dataset CID", "UPDATE runs SET dataset_cid = ? WHERE id = ?", ps -> {
            ps.setString(1, datasetCid);
            ps.setLong(2, runId);
        }, false);
        fire(Change.RUNS);
    }

    /** Records the device run {@code runId} trains on, e.g. {@code "cpu()"}. */
    public synchronized void setDevice(long runId, String device) throws IOException {
        sql.update("record the device", "UPDATE runs SET device = ? WHERE id = ?", ps -> {
            ps.setString(1, device);
            ps.setLong(2, runId);
        }, false);
        fire(Change.RUNS);
    }

    /**
     * Records where run {@code runId} runs on chain, and its participants; each participant's address gets the
     * label "run ID · client K" (1-based) or "run ID · aggregator A", unless the user labelled it.
     *
     * @param clients     the clients' addresses, in registration order
     * @param aggregators the aggregators' addresses, in registration order
     */
    public synchronized void setTask(long runId, long chainId, String contract, long taskId, String specCid,
                                     String initialModelCid, List<String> clients, List<String> aggregators)
            throws IOException {
        sql.inTransaction("record the run's task", () -> {
            sql.update("record the run's task", """
                    UPDATE runs SET chain_id = ?, contract = ?, task_id = ?, spec_cid = ?, initial_model_cid = ?
                    WHERE id = ?""", ps -> {
                ps.setLong(1, chainId);
                ps.setString(2, contract);
                ps.setLong(3, taskId);
                ps.setString(4, specCid);
                ps.setString(5, initialModelCid);
                ps.setLong(6, runId);
            }, false);
            for (int i = 0; i < clients.size(); i++) participant(runId, "client", i, clients.get(i));
            for (int j = 0; j < aggregators.size(); j++) participant(runId, "aggregator", j, aggregators.get(j));
        });
        fire(Change.RUNS);
        if (!clients.isEmpty() || !aggregators.isEmpty()) fire(Change.LABELS);
    }

    private void participant(long runId, String role, int index, String address) throws IOException {
        sql.update("record a participant", "INSERT OR REPLACE INTO participants (run_id, role, idx, address) VALUES (?, ?, ?, ?)", ps -> {
            ps.setLong(1, runId);
            ps.setString(2, role);
            ps.setInt(3, index);
            ps.setString(4, address);
        }, false);
        String label = "run " + runId + " · " + (role.equals("client") ? "client " + (index + 1) : "aggregator " + RunNames.letter(index));
        names.deriveLabel(address, label, runId);
    }

    /** Round {@code round} of run {@code runId} opened at {@code at}. */
    public synchronized void roundOpened(long runId, int round, Instant at) throws IOException {
        sql.update("record an opened round", """
                INSERT INTO rounds (run_id, round, opened_at) VALUES (?, ?, ?)
                ON CONFLICT (run_id, round) DO UPDATE SET opened_at = excluded.opened_at""", ps -> {
            ps.setLong(1, runId);
            ps.setInt(2, round);
            ps.setLong(3, at.toEpochMilli());
        }, false);
        fire(Change.RUNS);
    }

    /** One local epoch of one client (0-based {@code client}, 1-based {@code epoch}). */
    public synchronized void recordEpoch(long runId, int round, int client, int epoch, double loss, double accuracy)
            throws IOException {
        sql.update("record a local epoch", """
                INSERT OR REPLACE INTO client_epochs (run_id, round, client, epoch, loss, accuracy) VALUES (?, ?, ?, ?, ?, ?)""", ps -> {
            ps.setLong(1, runId);
            ps.setInt(2, round);
            ps.setInt(3, client);
            ps.setInt(4, epoch);
            RunSql.setDouble(ps, 5, RunSql.finite(loss));
            RunSql.setDouble(ps, 6, RunSql.finite(accuracy));
        }, false);
        fire(Change.RUNS);
    }

    /** A transaction of the run's participants in round {@code tx.round()}. */
    public synchronized void recordTransaction(long runId, RunRecord.TxRow tx) throws IOException {
        sql.update("record a transaction", """
                INSERT OR REPLACE INTO transactions (run_id, round, kind, address, cid, samples, tx_hash, gas_used)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
            ps.setLong(1, runId);
            ps.setInt(2, tx.round());
            ps.setString(3, tx.kind());
            ps.setString(4, tx.address());
            ps.setString(5, tx.cid());
            RunSql.setLong(ps, 6, tx.samples());
            ps.setString(7, tx.txHash());
            RunSql.setLong(ps, 8, tx.gasUsed());
        }, false);
        fire(Change.RUNS);
    }

    /** A finalized round's figures (the row's {@code openedAt} is kept if already recorded). */
    public synchronized void roundFinalized(long runId, RunRecord.RoundRow r) throws IOException {
        sql.update("record a finalized round", """
                INSERT INTO rounds (run_id, round, opened_at, finalized_at, global_cid, test_accuracy, test_loss, test_rmse,
                  test_mae, test_r2, finalized_block, gas_used, train_seconds, submit_seconds, aggregate_seconds, eval_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, round) DO UPDATE SET finalized_at = excluded.finalized_at, global_cid = excluded.global_cid,
                  test_accuracy = excluded.test_accuracy, test_loss = excluded.test_loss, test_rmse = excluded.test_rmse,
                  test_mae = excluded.test_mae, test_r2 = excluded.test_r2, finalized_block = excluded.finalized_block,
                  gas_used = excluded.gas_used, train_seconds = excluded.train_seconds, submit_seconds = excluded.submit_seconds,
                  aggregate_seconds = excluded.aggregate_seconds, eval_seconds = excluded.eval_seconds,
                  opened_at = coalesce(rounds.opened_at, excluded.opened_at)""", ps -> {
            ps.setLong(1, runId);
            ps.setInt(2, r.round());
            RunSql.setLong(ps, 3, r.openedAt() == null ? null : r.openedAt().toEpochMilli());
            RunSql.setLong(ps, 4, r.finalizedAt() == null ? null : r.finalizedAt().toEpochMilli());
            ps.setString(5, r.globalCid());
            RunSql.setDouble(ps, 6, RunSql.finite(r.testAccuracy()));
            RunSql.setDouble(ps, 7, RunSql.finite(r.testLoss()));
            RunSql.setDouble(ps, 8, RunSql.finite(r.testRmse()));
            RunSql.setDouble(ps, 9, RunSql.finite(r.testMae()));
            RunSql.setDouble(ps, 10, RunSql.finite(r.testR2()));
            RunSql.setLong(ps, 11, r.finalizedBlock());
            RunSql.setLong(ps, 12, r.gasUsed());
            RunSql.setDouble(ps, 13, r.trainSeconds());
            RunSql.setDouble(ps, 14, r.submitSeconds());
            RunSql.setDouble(ps, 15, r.aggregateSeconds());
            RunSql.setDouble(ps, 16, r.evalSeconds());
        }, false);
        if (r.epsilon() != null) { // written apart: older schemas lack the column
            sql.update("record a round's ε", "UPDATE rounds SET epsilon = ? WHERE run_id = ? AND round = ?", ps -> {
                ps.setDouble(1, r.epsilon());
                ps.setLong(2, runId);
                ps.setInt(3, r.round());
            }, false);
        }
        fire(Change.RUNS);
    }

    /** Ends run {@code runId} with {@code status} (not {@link RunStatus#RUNNING}) and, for a failure, its error. */
    public synchronized void finishRun(long runId, RunStatus status, String error, Instant at) throws IOException {
        if (status == RunStatus.RUNNING) throw new IllegalArgumentException("a run ends in a final status, not running");
        sql.update("end the run", "UPDATE runs SET status = ?, error = ?, ended_at = ? WHERE id = ?", ps -> {
            ps.setString(1, status.label());
            ps.setString(2, error);
            ps.setLong(3, at.toEpochMilli());
            ps.setLong(4, runId);
        }, false);
        fire(Change.RUNS);
    }

    /**
     * Renames run {@code runId}.
     *
     * @throws IllegalArgumentException for a blank name
     */
    public synchronized void rename(long runId, String name) throws IOException {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a run's name cannot be blank");
        sql.update("rename the run", "UPDATE runs SET name = ? WHERE id = ?", ps -> {
            ps.setString(1, name.strip());
            ps.setLong(2, runId);
        }, false);
        fire(Change.RUNS);
    }

    /** Marks run {@code runId} deleted: hidden from lists, kept until {@link #purgeDeleted}, {@link #restore}d by undo. */
    public synchronized void markDeleted(long runId) throws IOException {
        setDeleted(runId, Instant.now().toEpochMilli());
    }

    /** Undoes {@link #markDeleted}. */
    public synchronized void restore(long runId) throws IOException {
        setDeleted(runId, null);
    }

    private void setDeleted(long runId, Long at) throws IOException {
        sql.update("delete or restore the run", "UPDATE runs SET deleted_at = ? WHERE id = ?", ps -> {
            RunSql.setLong(ps, 1, at);
            ps.setLong(2, runId);
        }, false);
        fire(Change.RUNS);
    }

    /**
     * Removes the runs marked deleted, with their rounds, epochs, transactions and content names (the content itself
     * stays in the store until a garbage collection).
     *
     * @return how many runs were removed
     */
    public synchronized int purgeDeleted() throws IOException {
        int[] removed = {0};
        sql.inTransaction("remove deleted runs", () -> {
            sql.update("remove deleted runs' names", "DELETE FROM content_names WHERE run_id IN (SELECT id FROM runs WHERE deleted_at IS NOT NULL)", ps -> { }, false);
            removed[0] = (int) sql.update("remove deleted runs", "DELETE FROM runs WHERE deleted_at IS NOT NULL", ps -> { }, false);
        });
        if (removed[0] > 0) {
            fire(Change.RUNS);
            fire(Change.NAMES);
        }
        return removed[0];
    }

    /** Runs left {@code running} by a process that is gone become {@link RunStatus#INTERRUPTED}. */
    private synchronized void markInterrupted() throws IOException {
        record Owner(long id, long pid, Long started) { }
        List<Owner> running = sql.query("read running runs", "SELECT id, pid, pid_started_at FROM runs WHERE status = 'running'",
                ps -> { }, rs -> {
                    List<Owner> out = new ArrayList<>();
                    while (rs.next()) out.add(new Owner(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3, Long.class)));
                    return out;
                });
        for (Owner o : running) {
            Optional<ProcessHandle> process = ProcessHandle.of(o.pid());
            boolean alive = process.isPresent() && process.get().isAlive()
                    && (o.started() == null || java.util.Objects.equals(processStart(process.get()), o.started()));
            if (!alive) {
                log.info("run {} was left running by process {}, which is gone: marked interrupted", o.id(), o.pid());
                sql.update("mark a run interrupted", "UPDATE runs SET status = 'interrupted' WHERE id = ?",
                        ps -> ps.setLong(1, o.id()), false);
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            sql.close();
        } catch (SQLException e) {
            log.warn("closing the run database {}: {}", file, e.toString());
        }
    }

    // ---- plumbing shared with RunReads and RunNames -----------------------------------------------------------

    void fire(Change change) {
        for (Consumer<Change> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                log.warn("a run database listener failed: {}", e.toString());
            }
        }
    }

    private static Long processStart(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(null);
    }
}
