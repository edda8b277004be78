package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl dataset publish|info|preview}, then {@code defl run --dataset CID}, on a real store and the embedded anvil. */
class DatasetCommandTest {
    @TempDir
    Path dir;

    /** An RGB image folder: 6 reddish and 6 bluish 10×10 PNGs. */
    private Path rgbFolder() throws Exception {
        Path root = dir.resolve("colours");
        for (String cls : List.of("red", "blue")) {
            Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < 6; i++) {
                BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
                int shade = 30 * i;
                int rgb = cls.equals("red") ? (255 - shade) << 16 | shade : shade << 16 | (255 - shade);
                for (int y = 0; y < 10; y++) for (int x = 0; x < 10; x++) img.setRGB(x, y, rgb);
                ImageIO.write(img, "png", root.resolve(cls).resolve(i + ".png").toFile());
            }
        }
        Files.writeString(root.resolve("red/README.txt"), "skipped");
        return root;
    }

    @Test
    void publishedImageFolderTrainsByCid() throws Exception {
        String data = dir.resolve("data").toString();
        CliOutcome published = defl("dataset", "publish", rgbFolder().toString(), "--image-size", "8", "--channels", "3",
                "--shard-rows", "4", "--data-dir", data);
        assertThat(published.exitCode()).as(published.stderr()).isZero();
        assertThat(published.stdout()).contains("dataset colours: 192 features, 2 classes, image 3×8×8")
                .contains("train 9 rows in 3 shards, test 3 rows in 1 shards");
        String cid = published.lines().getLast();
        assertThat(cid).startsWith("baf");

        CliOutcome again = defl("dataset", "publish", rgbFolder().toString(), "--image-size", "8", "--channels", "3",
                "--shard-rows", "4", "-q", "--data-dir", dir.resolve("other").toString());
        assertThat(again.stdout().strip()).isEqualTo(cid);

        CliOutcome info = defl("dataset", "info", cid, "--data-dir", data);
        assertThat(info.exitCode()).as(info.stderr()).isZero();
        JsonNode manifest = new ObjectMapper().readTree(info.stdout());
        assertThat(manifest.get("format").asText()).isEqualTo("defl-dataset/1");
        assertThat(manifest.get("imageShape").toString()).isEqualTo("[3,8,8]");
        assertThat(manifest.get("preprocessing").asText()).endsWith("classes: blue, red");
        assertThat(manifest.get("train").get("shards")).hasSize(3);

        CliOutcome preview = defl("dataset", "preview", "cid:" + cid, "--data-dir", data);
        assertThat(preview.exitCode()).as(preview.stderr()).isZero();
        assertThat(preview.stdout()).contains("dataset colours/train: 192 features, 2 classes, image 3×8×8");

        CliOutcome run = defl("run", "--dataset", cid, "--model", "cnn", "--rounds", "1", "--clients", "2",
                "--batch-size", "4", "--data-dir", data);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("dataset colours/train: 9 training rows over 2 clients, 3 test rows; model cnn");
        assertThat(run.lines().stream().filter(l -> l.startsWith("round 1 "))).hasSize(1);
    }

    @Test
    void anUnknownManifestCidIsNamed() throws Exception {
        String data = dir.resolve("data").toString();
        String cid = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
        Files.createDirectories(dir.resolve("data/ipfs"));
        CliOutcome info = defl("dataset", "info", cid, "--data-dir", data);
        assertThat(info.exitCode()).isEqualTo(1);
        assertThat(info.stderr().strip()).startsWith("dataset info: error: dataset manifest " + cid + " not found");
    }

    @Test
    void channelsOtherThanOneOrThreeAreRefused() throws Exception {
        CliOutcome o = defl("dataset", "preview", rgbFolder().toString(), "--channels", "2");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("--channels").contains("1 (grey) or 3 (RGB)");
    }

    @Test
    void previewOfAPeersManifestDeclaringIntMaxClassesNamesTheLimit() throws Exception {
        String data = dir.resolve("data").toString();
        CliOutcome published = defl("dataset", "publish", "digits", "-q", "--data-dir", data);
        assertThat(published.exitCode()).as(published.stderr()).isZero();
        CliOutcome info = defl("dataset", "info", published.stdout().strip(), "--data-dir", data);
        assertThat(info.stdout()).contains("\"numClasses\" : 10");
        Path tampered = dir.resolve("manifest.json");
        Files.writeString(tampered, info.stdout().replace("\"numClasses\" : 10", "\"numClasses\" : 2147483647"));
        CliOutcome added = defl("add", tampered.toString(), "--data-dir", data);
        assertThat(added.exitCode()).as(added.stderr()).isZero();
        String cid = added.lines().getLast().strip();

        CliOutcome preview = defl("dataset", "preview", cid, "--data-dir", data);
        assertThat(preview.exitCode()).isEqualTo(1);
        assertThat(preview.stderr()).contains("dataset manifest " + cid)
                .contains("dataset manifest field numClasses = 2147483647 exceeds the limit 100000")
                .doesNotContain("OutOfMemoryError");

        CliOutcome run = defl("run", "--dataset", cid, "--model", "linreg", "--clients", "2", "--rounds", "1",
                "--data-dir", data);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("dataset manifest field numClasses = 2147483647 exceeds the limit 100000")
                .doesNotContain("OutOfMemoryError");
    }

    @Test
    void previewShowsClassCountsWithoutPublishing() throws Exception {
        CliOutcome o = defl("dataset", "preview", rgbFolder().toString(), "--image-size", "4");
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("image 4×4").contains("classes: blue, red");
        assertThat(o.stdout()).containsPattern("train 9 rows, per class \\[\\d, \\d]");
    }
}
