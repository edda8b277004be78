package dev.defl.engine.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link RunReport} to disk: the whole report as pretty JSON (Jackson, the record's component names as
 * keys, the layout of {@code report.json}) and one CSV row per finalized round for spreadsheets and plotting.
 */
public final class RunReportExport {

    /**
     * Header of {@link #writeCsv}'s file; the columns of {@link RunReport.RoundReport}, {@code updates} as a count. A
     * classification round leaves the regression columns empty; a regression round leaves {@code testAccuracy} empty.
     */
    public static final String CSV_HEADER = "round,globalModelCid,testAccuracy,testLoss,testRmse,testMae,testR2,updates,finalizedBlock,epsilon,clipNorm";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunReportExport() {}

    /**
     * Writes {@code report} as indented JSON to {@code file} (UTF-8, replaced if it exists; missing parent directories are created).
     *
     * @throws IOException naming {@code file} when it cannot be written
     */
    public static void writeJson(RunReport report, Path file) throws IOException {
        try {
            createParent(file);
            JSON.writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw new IOException("could not write run report JSON " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes one row per round to {@code file} (UTF-8, RFC 4180, {@code \n} line ends, replaced if it exists; missing parent directories are created):
     * {@value #CSV_HEADER}; accuracy in [0, 1] and loss as Java's shortest round-trip decimal, {@code updates} the
     * number of client updates in the round, {@code epsilon} empty without differential privacy ({@code Infinity}
     * with noise multiplier 0), {@code clipNorm} the clip norm C the next round uses with adaptive DP clipping, empty
     * otherwise.
     *
     * @throws IOException naming {@code file} when it cannot be written
     */
    public static void writeCsv(RunReport report, Path file) throws IOException {
        try {
            createParent(file);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(CSV_HEADER);
                out.write('\n');
                for (RunReport.RoundReport r : report.rounds()) {
                    out.write(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%d,%d,%s,%s\n", r.round(), quote(r.globalModelCid()),
                            number(r.testAccuracy()), number(r.testLoss()), number(r.testRmse()), number(r.testMae()),
                            number(r.testR2()), r.updates().size(), r.finalizedBlock(), number(r.epsilon()),
                            number(r.clipNorm())));
                }
            }
        } catch (IOException e) {
            throw new IOException("could not write run report CSV " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
    }

    /** Java's shortest round-trip decimal; empty for null or NaN (a figure the round does not have). */
    private static String number(Double v) {
        return v == null || v.isNaN() ? "" : Double.toString(v);
    }

    /** An RFC 4180 field: quoted (inner quotes doubled) when it holds a comma, quote or line break. */
    private static String quote(String field) {
        if (field == null) return "";
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
