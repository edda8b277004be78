package dev.defl.app;

import dev.defl.ui.status.StartupViewModel;
import javafx.animation.PauseTransition;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * {@code defl --smoke-screenshot FILE}: once the window's store, chain and training engine are all ready, saves a PNG
 * of the window's scene to FILE, prints {@code smoke: ready in X ms, screenshot FILE} (X: milliseconds since the JVM
 * started) and ends the app with exit code 0. When opening the workspace fails, or not everything is ready within the
 * time-out, it prints {@code smoke: …} naming what is not ready on stderr and ends with exit code 1.
 */
final class SmokeScreenshot {

    /** How long the smoke test waits for every component. */
    static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(120);
    /** Time given to the panes to lay out after they were attached, before the snapshot. */
    private static final Duration SETTLE = Duration.millis(600);

    private final Path file;
    private final PrintStream out, err;
    private final IntConsumer exit;
    private boolean done;

    /**
     * @param file where the PNG goes
     * @param exit ends the app with the given exit code (called once, on the FX thread)
     */
    SmokeScreenshot(Path file, PrintStream out, PrintStream err, IntConsumer exit) {
        this.file = file;
        this.out = out;
        this.err = err;
        this.exit = exit;
    }

    /** Starts watching {@code startup}; call on the FX thread once the window is shown. */
    void watch(StartupViewModel startup, Scene scene) {
        PauseTransition timeout = new PauseTransition(Duration.millis(TIMEOUT.toMillis()));
        timeout.setOnFinished(e -> finish(1, "smoke: not ready after " + TIMEOUT.toSeconds() + " s: "
                + String.join(", ", startup.notReady())));
        timeout.play();
        startup.workspaceFailedProperty().addListener((obs, was, failed) -> {
            if (failed) {
                timeout.stop();
                finish(1, "smoke: the workspace failed: " + String.join(", ", startup.notReady()));
            }
        });
        Runnable whenReady = () -> {
            timeout.stop();
            long readyMillis = StartupReport.uptimeMillis();
            PauseTransition settle = new PauseTransition(SETTLE);
            settle.setOnFinished(e -> shoot(scene, readyMillis));
            settle.play();
        };
        if (startup.allReadyProperty().get()) {
            whenReady.run();
        } else {
            startup.allReadyProperty().addListener((obs, was, ready) -> {
                if (ready) whenReady.run();
            });
        }
    }

    private void shoot(Scene scene, long readyMillis) {
        try {
            WritableImage image = scene.snapshot(null);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
            out.println("smoke: ready in " + readyMillis + " ms, screenshot " + file);
            out.flush();
            finish(0, null);
        } catch (IOException | RuntimeException e) {
            finish(1, "smoke: cannot write the screenshot " + file + ": " + CliErrors.oneLine(e));
        }
    }

    private void finish(int code, String message) {
        if (done) return;
        done = true;
        if (message != null) {
            err.println(message);
            err.flush();
        }
        exit.accept(code);
    }
}
