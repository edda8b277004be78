package dev.defl.app;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(sink, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ProgressLine line = new ProgressLine(err, clock::get);

    private String drawn() {
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void firstUpdateIsDrawnAtOnceOverwritingTheLine() {
        line.update(() -> "wrote 1 B");
        assertThat(drawn()).isEqualTo("\rwrote 1 B\033[K");
    }

    @Test
    void updatesWithinTheIntervalAreDroppedAndTheStatusIsNotEvenComputed() {
        List<String> computed = new ArrayList<>();
        line.update(() -> "a");
        clock.addAndGet(ProgressLine.INTERVAL_NANOS - 1);
        line.update(() -> {
            computed.add("b");
            return "b";
        });
        assertThat(computed).isEmpty();
        clock.addAndGet(1);
        line.update(() -> "c");
        assertThat(drawn()).isEqualTo("\ra\033[K\rc\033[K");
    }

    @Test
    void atMostTenRedrawsPerSecondHoweverManyUpdates() {
        for (int i = 0; i < 10_000; i++) {
            clock.addAndGet(100_000L); // 10,000 updates over one second
            line.update(() -> "x");
        }
        assertThat(drawn().split("\r", -1)).hasSize(1 + 10);
    }

    @Test
    void closeErasesTheLineOnlyIfSomethingWasDrawn() {
        line.close();
        assertThat(drawn()).isEmpty();
        line.update(() -> "added 5 B");
        line.close();
        assertThat(drawn()).endsWith("\r\033[K");
    }

    @Test
    void bytesAreFormattedInBinaryUnitsWithOneDecimal() {
        assertThat(ProgressLine.bytes(0)).isEqualTo("0 B");
        assertThat(ProgressLine.bytes(1023)).isEqualTo("1023 B");
        assertThat(ProgressLine.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressLine.bytes(10L << 30)).isEqualTo("10.0 GiB");
        assertThat(ProgressLine.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void bytesOfShowsThePercentRoundedDownAndAnEmptyTotalAsDone() {
        assertThat(ProgressLine.bytesOf(512, 1024)).isEqualTo("512 B / 1.0 KiB (50 %)");
        assertThat(ProgressLine.bytesOf(1023, 1024)).isEqualTo("1023 B / 1.0 KiB (99 %)");
        assertThat(ProgressLine.bytesOf(0, 0)).isEqualTo("0 B / 0 B (100 %)");
    }

    @Test
    void countingStreamsReportRunningTotalsAndPassTheBytesThrough() throws IOException {
        List<Long> reads = new ArrayList<>();
        InputStream in = ProgressLine.counting(new ByteArrayInputStream(new byte[10]), reads::add);
        assertThat(in.read()).isZero();
        assertThat(in.read(new byte[4], 0, 4)).isEqualTo(4);
        assertThat(in.readAllBytes()).hasSize(5);
        assertThat(reads).startsWith(1L, 5L).endsWith(10L);

        List<Long> writes = new ArrayList<>();
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        OutputStream out = ProgressLine.counting(target, writes::add);
        out.write(7);
        out.write(new byte[]{1, 2, 3}, 0, 3);
        assertThat(writes).containsExactly(1L, 4L);
        assertThat(target.toByteArray()).containsExactly(7, 1, 2, 3);
    }
}
