package dev.defl.app;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.DatasetPublisher;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.PublishedDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad data files given to {@code defl run --dataset} and {@code defl dataset preview} fail before anything runs, with
 * one line on stderr that names the file and where in it (line and column, byte offset, or shard CID).
 */
class CliBadDataTest {
    @TempDir
    Path dir;

    private String data() {
        return dir.resolve("data").toString();
    }

    /** {@code rows, x, price} with a real-valued price (a regression) and the typo {@code x1y} as line 12's price. */
    private Path csvWithATargetTypo() throws Exception {
        Path csv = dir.resolve("houses.csv");
        Files.writeString(csv, "rooms,age,price\n" + IntStream.range(0, 40)
                .mapToObj(i -> (i % 5 + 1) + "," + (i * 3 % 17) + "," + (i == 10 ? "x1y" : Double.toString(100 + i * 7.25)))
                .collect(Collectors.joining("\n", "", "\n")));
        return csv;
    }

    @Test
    void aTypoInACsvTargetIsOneLineNamingTheCell() throws Exception {
        Path csv = csvWithATargetTypo();
        String where = csv + ":12:3: non-numeric value \"x1y\" in column 3 (price)";
        CliOutcome run = defl("run", "--dataset", csv.toString(), "--model", "linreg", "--data-dir", data());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().strip()).startsWith("run: error: " + where).contains("classification").doesNotContain("\n");

        CliOutcome preview = defl("dataset", "preview", csv.toString());
        assertThat(preview.exitCode()).isEqualTo(1);
        assertThat(preview.stderr().strip()).startsWith("dataset preview: error: " + where).doesNotContain("\n");
    }

    @Test
    void anIdxFileOfZeroImagesIsNamedAtLoad() throws Exception {
        Path idx = Files.createDirectories(dir.resolve("empty-idx"));
        Path images = idx.resolve("train-images-idx3-ubyte");
        Files.write(images, ByteBuffer.allocate(16).putInt(0x803).putInt(0).putInt(28).putInt(28).array());
        Files.write(idx.resolve("train-labels-idx1-ubyte"), ByteBuffer.allocate(8).putInt(0x801).putInt(0).array());

        CliOutcome run = defl("run", "--dataset", images.toString(), "--data-dir", data());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr().strip()).startsWith("run: error: " + images + ": header declares 0 images").doesNotContain("\n");

        CliOutcome preview = defl("dataset", "preview", idx.toString());
        assertThat(preview.exitCode()).isEqualTo(1);
        assertThat(preview.stderr().strip()).startsWith("dataset preview: error: " + images + ": header declares 0 images")
                .doesNotContain("\n");
    }

    @Test
    void aNonUtf8CsvNamesTheLineAndByteOffset() throws Exception {
        Path csv = dir.resolve("latin1.csv");
        Files.write(csv, "city,y\nK\u00f6ln,1\nBonn,0\nK\u00f6ln,1\nBonn,0\nK\u00f6ln,1\n".getBytes(StandardCharsets.ISO_8859_1));
        CliOutcome preview = defl("dataset", "preview", csv.toString());
        assertThat(preview.exitCode()).isEqualTo(1);
        assertThat(preview.stderr().strip())
                .startsWith("dataset preview: error: " + csv + ":2: not UTF-8: byte 0xF6 at byte offset 8 (byte 2 of line 2)")
                .doesNotContain("\n");
    }

    @Test
    void aNaNInAPublishedShardIsBlamedOnTheShardNotOnAnUpdate() throws Exception {
        float[] x = new float[20 * 2];
        int[] y = new int[20];
        for (int i = 0; i < 20; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i % 3;
            y[i] = i % 2;
        }
        x[2 * 13] = Float.NaN;
        LabeledDataset train = new LabeledDataset("nan/train", x, y, 2, 2, null, "test");
        LabeledDataset test = train.subset(new int[] {0, 1, 2, 3}, "nan/test");
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("data/ipfs"));
        PublishedDataset p = DatasetPublisher.publish(new DatasetSplit(train, test), store, 10);
        String shard = p.manifest().train().shards().get(1).cid();

        CliOutcome preview = defl("dataset", "preview", "cid:" + p.manifestCid(), "--data-dir", data());
        assertThat(preview.exitCode()).isEqualTo(1);
        assertThat(preview.stderr().strip()).startsWith("dataset preview: error: shard " + shard + " (train)")
                .contains("tensor 'features' holds NaN at row 3 (row 13 of train), column 0").doesNotContain("\n");
    }
}
