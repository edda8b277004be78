package dev.defl.engine.runs;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the run database: the list of runs and one run in full. Obtained from {@link RunDatabase#reads()}. */
public final class RunReads {
    private static final String SUMMARY = """
            SELECT r.*,
              (SELECT count(*) FROM rounds x WHERE x.run_id = r.id AND x.finalized_at IS NOT NULL) AS rounds_done,
              (SELECT count(*) FROM rounds x WHERE x.run_id = r.id AND x.test_rmse IS NOT NULL) > 0 AS regression,
              (SELECT coalesce(x.test_rmse, x.test_accuracy) FROM rounds x WHERE x.run_id = r.id AND x.finalized_at IS NOT NULL
                 ORDER BY x.round DESC LIMIT 1) AS final_metric,
              (SELECT CASE WHEN count(x.test_rmse) > 0 THEN min(x.test_rmse) ELSE max(x.test_accuracy) END
                 FROM rounds x WHERE x.run_id = r.id AND x.finalized_at IS NOT NULL) AS best_metric
            FROM runs r""";

    private final RunDatabase db;

    RunReads(RunDatabase db) {
        this.db = db;
    }

    /**
     * Every run, newest first.
     *
     * @param includeDeleted whether runs marked deleted (undo still possible) are listed
     * @throws IOException when the database cannot be read
     */
    public List<RunSummary> runs(boolean includeDeleted) throws IOException {
        return db.sql().query("list runs", SUMMARY + (includeDeleted ? "" : " WHERE r.deleted_at IS NULL") + " ORDER BY r.id DESC",
                ps -> { }, rs -> {
                    List<RunSummary> out = new ArrayList<>();
                    while (rs.next()) out.add(summary(rs));
                    return out;
                });
    }

    /** Run {@code id}'s row, deleted or not. */
    public Optional<RunSummary> summary(long id) throws IOException {
        return db.sql().query("read run " + id, SUMMARY + " WHERE r.id = ?", ps -> ps.setLong(1, id),
                rs -> rs.next() ? Optional.of(summary(rs)) : Optional.empty());
    }

    /** The newest run of {@code kind} not deleted, if any (the Trainer's last-used settings come from it). */
    public Optional<RunSummary> latest(RunKind kind) throws IOException {
        return db.sql().query("read the latest run", SUMMARY + " WHERE r.kind = ? AND r.deleted_at IS NULL ORDER BY r.id DESC LIMIT 1",
                ps -> ps.setString(1, kind.label()), rs -> rs.next() ? Optional.of(summary(rs)) : Optional.empty());
    }

    /** The newest run (not deleted) of task {@code taskId} on {@code contract}, chain {@code chainId}. */
    public Optional<RunSummary> forTask(long chainId, String contract, long taskId) throws IOException {
        return db.sql().query("find the task's run", SUMMARY + " WHERE r.chain_id = ? AND r.contract = ? COLLATE NOCASE AND r.task_id = ?"
                        + " AND r.deleted_at IS NULL ORDER BY r.id DESC LIMIT 1",
                ps -> {
                    ps.setLong(1, chainId);
                    ps.setString(2, contract);
                    ps.setLong(3, taskId);
                }, rs -> rs.next() ? Optional.of(summary(rs)) : Optional.empty());
    }

    /** Run {@code id} with its participants, rounds, transactions and epochs. */
    public Optional<RunRecord> run(long id) throws IOException {
        Optional<RunSummary> summary = summary(id);
        if (summary.isEmpty()) return Optional.empty();
        List<RunRecord.Participant> participants = db.sql().query("read participants",
                "SELECT role, idx, address FROM participants WHERE run_id = ? ORDER BY role DESC, idx", ps -> ps.setLong(1, id), rs -> {
                    List<RunRecord.Participant> out = new ArrayList<>();
                    while (rs.next()) out.add(new RunRecord.Participant(rs.getString(1), rs.getInt(2), rs.getString(3)));
                    return out;
                });
        List<RunRecord.RoundRow> rounds = db.sql().query("read rounds", "SELECT * FROM rounds WHERE run_id = ? ORDER BY round",
                ps -> ps.setLong(1, id), rs -> {
                    List<RunRecord.RoundRow> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new RunRecord.RoundRow(rs.getInt("round"), instant(rs, "opened_at"), instant(rs, "finalized_at"),
                                rs.getString("global_cid"), dbl(rs, "test_accuracy"), dbl(rs, "test_loss"), dbl(rs, "test_rmse"),
                                dbl(rs, "test_mae"), dbl(rs, "test_r2"), lng(rs, "finalized_block"), lng(rs, "gas_used"),
                                dbl(rs, "train_seconds"), dbl(rs, "submit_seconds"), dbl(rs, "aggregate_seconds"),
                                dbl(rs, "eval_seconds"), dbl(rs, "epsilon")));
                    }
                    return out;
                });
        List<RunRecord.TxRow> txs = db.sql().query("read transactions",
                "SELECT * FROM transactions WHERE run_id = ? ORDER BY round, CASE kind WHEN 'update' THEN 0 WHEN 'proposal' THEN 1 ELSE 2 END, rowid",
                ps -> ps.setLong(1, id), rs -> {
                    List<RunRecord.TxRow> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new RunRecord.TxRow(rs.getInt("round"), rs.getString("kind"), rs.getString("address"),
                                rs.getString("cid"), lng(rs, "samples"), rs.getString("tx_hash"), lng(rs, "gas_used")));
                    }
                    return out;
                });
        List<RunRecord.EpochRow> epochs = db.sql().query("read epochs",
                "SELECT round, client, epoch, loss, accuracy FROM client_epochs WHERE run_id = ? ORDER BY round, client, epoch",
                ps -> ps.setLong(1, id), rs -> {
                    List<RunRecord.EpochRow> out = new ArrayList<>();
                    while (rs.next()) {
                        Double loss = dbl(rs, "loss");
                        Double acc = dbl(rs, "accuracy");
                        out.add(new RunRecord.EpochRow(rs.getInt(1), rs.getInt(2), rs.getInt(3),
                                loss == null ? Double.NaN : loss, acc == null ? Double.NaN : acc));
                    }
                    return out;
                });
        return Optional.of(new RunRecord(summary.get(), participants, rounds, txs, epochs));
    }

    private static RunSummary summary(ResultSet rs) throws SQLException {
        RunParams params = new RunParams(RunKind.parse(rs.getString("kind")), rs.getString("dataset_name"),
                rs.getString("dataset_cid"), lng(rs, "train_rows"), lng(rs, "test_rows"), rs.getString("partition"),
                rs.getString("model"), rs.getString("strategy"), RunSql.jsonMap(rs.getString("strategy_params")),
                integer(rs, "clients"), dbl(rs, "client_fraction"), integer(rs, "aggregators"), integer(rs, "rounds"),
                integer(rs, "local_epochs"), integer(rs, "batch_size"), dbl(rs, "learning_rate"), lng(rs, "seed"),
                rs.getString("device"), rs.getString("poison"), dbl(rs, "dp_clip"), dbl(rs, "dp_noise"),
                dbl(rs, "dp_delta"), dbl(rs, "dp_target_quantile"));
        return new RunSummary(rs.getLong("id"), rs.getString("name"), RunStatus.parse(rs.getString("status")),
                instant(rs, "started_at"), instant(rs, "ended_at"), rs.getString("error"), params, lng(rs, "chain_id"),
                rs.getString("contract"), lng(rs, "task_id"), rs.getString("spec_cid"), rs.getString("initial_model_cid"),
                rs.getInt("rounds_done"), dbl(rs, "final_metric"), dbl(rs, "best_metric"), rs.getBoolean("regression"),
                instant(rs, "deleted_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Long ms = lng(rs, column);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    static Long lng(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Double dbl(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
