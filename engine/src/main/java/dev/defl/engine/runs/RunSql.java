package dev.defl.engine.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Map;

/**
 * The run database's one JDBC connection and how its statements run: one at a time under this object's lock, a
 * failure as an {@link IOException} naming the file and what could not be done. Shared by {@link RunDatabase},
 * {@link RunReads} and {@link RunNames}.
 */
final class RunSql {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Connection connection;

    RunSql(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    synchronized void close() throws SQLException {
        connection.close();
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    interface Work {
        void run() throws IOException;
    }

    /** Runs one statement; returns the generated key when {@code key}, else the update count. */
    synchronized long update(String what, String sql, Binder binder, boolean key) throws IOException {
        try (PreparedStatement ps = key ? connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
                : connection.prepareStatement(sql)) {
            binder.bind(ps);
            int count = ps.executeUpdate();
            if (!key) return count;
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (!rs.next()) throw new SQLException("no id generated");
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IOException("run database " + file + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }

    synchronized <T> T query(String what, String sql, Binder binder, Reader<T> reader) throws IOException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IOException("run database " + file + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }

    synchronized void inTransaction(String what, Work work) throws IOException {
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
            } catch (IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IOException("run database " + file + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }

    static void setLong(PreparedStatement ps, int i, Number v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER);
        else ps.setLong(i, v.longValue());
    }

    static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) ps.setNull(i, Types.REAL);
        else ps.setDouble(i, v);
    }

    /** NaN and infinities are stored as NULL (SQLite has no NaN). */
    static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    static String json(Map<String, String> map) throws SQLException {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new SQLException(e);
        }
    }

    static Map<String, String> jsonMap(String text) throws SQLException {
        if (text == null || text.isBlank()) return Map.of();
        try {
            return JSON.readValue(text, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("strategy_params is not a JSON object of strings: " + e.getOriginalMessage(), e);
        }
    }
}
