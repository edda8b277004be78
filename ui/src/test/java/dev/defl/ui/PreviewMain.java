package dev.defl.ui;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.protocol.WorkspaceStatus;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/**
 * Opens the window with the TEST DOUBLES ({@link CsvTestDatasetLoader}, {@link ScriptedExperimentRunner}),
 * loads the bundled digits sample, runs 6 clients for 4 rounds and writes snapshots of both panes:
 * {@code trainer.png}, {@code timeline.png} and both stacked in {@code screenshot.png} under the
 * directory given as the first argument; with a second argument {@code errors}, only {@code errors.png}
 * showing a failed load and an invalid field. Run it under {@code xvfb-run -a}; not a test.
 */
public final class PreviewMain {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/preview");
        Files.createDirectories(out);
        ExecutorService background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "preview-background");
            t.setDaemon(true);
            return t;
        });
        WorkspaceStatus status = new WorkspaceStatus("http://127.0.0.1:8545", 58, Path.of("/home/ada/.defl/blocks"),
                3_912_448, 64, "CPU (PyTorch 2.5.1)");
        WorkbenchServices services = new WorkbenchServices(new CsvTestDatasetLoader(), new ScriptedExperimentRunner(150),
                () -> status, new EmbeddedContentStore(Files.createTempDirectory("defl-preview-ipfs")), background);
        Platform.startup(() -> WorkbenchWindow.show(new Stage(), services));
        Scene scene = fx(() -> ((Stage) Window.getWindows().getFirst()).getScene());
        if (args.length > 1 && args[1].equals("errors")) {
            fx(() -> {
                ((Button) scene.lookup("#fashionButton")).fire();
                ((TextField) scene.lookup("#clientsField")).setText("0");
                return null;
            });
            Thread.sleep(800);
            snapshot(scene, out.resolve("errors.png"));
            Platform.exit();
            background.shutdownNow();
            return;
        }

        fx(() -> { ((Button) scene.lookup("#sampleButton")).fire(); return null; });
        waitFor(() -> !((Button) scene.lookup("#runButton")).isDisabled());
        fx(() -> {
            ((TextField) scene.lookup("#clientsField")).setText("6");
            ((TextField) scene.lookup("#roundsField")).setText("4");
            ((TextField) scene.lookup("#localEpochsField")).setText("2");
            ((TextField) scene.lookup("#aggregatorsField")).setText("3");
            ((Button) scene.lookup("#runButton")).fire();
            return null;
        });
        Thread.sleep(300);
        waitFor(() -> !((Button) scene.lookup("#runButton")).isDisabled());
        Thread.sleep(500);
        BufferedImage trainer = snapshot(scene, out.resolve("trainer.png"));

        fx(() -> {
            ((TabPane) scene.lookup("#paneTabs")).getSelectionModel().select(1);
            TableView<?> table = (TableView<?>) scene.lookup("#timelineTable");
            table.getSelectionModel().select(1);
            return null;
        });
        Thread.sleep(500);
        BufferedImage timeline = snapshot(scene, out.resolve("timeline.png"));

        BufferedImage both = new BufferedImage(trainer.getWidth(), trainer.getHeight() + timeline.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(trainer, 0, 0, null);
        g.drawImage(timeline, 0, trainer.getHeight(), null);
        g.dispose();
        ImageIO.write(both, "png", out.resolve("screenshot.png").toFile());
        Platform.exit();
        background.shutdownNow();
    }

    private static BufferedImage snapshot(Scene scene, Path file) throws Exception {
        BufferedImage image = fx(() -> {
            BufferedImage rgb = SwingFXUtils.fromFXImage(scene.snapshot(null), null);
            BufferedImage opaque = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_RGB);
            opaque.createGraphics().drawImage(rgb, 0, 0, null);
            return opaque;
        });
        ImageIO.write(image, "png", file.toFile());
        return image;
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (fx(condition)) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("preview condition not reached in 60 s");
    }

    private static <T> T fx(Callable<T> call) throws Exception {
        FutureTask<T> task = new FutureTask<>(call);
        Platform.runLater(task);
        return task.get();
    }
}
