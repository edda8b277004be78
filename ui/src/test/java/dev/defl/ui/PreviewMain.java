package dev.defl.ui;

import dev.defl.engine.content.EmbeddedContentStore;
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
 * Opens the window over the real engine ({@link RealEngine}: a temporary embedded workspace, deleted at exit),
 * loads the bundled digits sample, runs 6 clients for 4 rounds and writes snapshots of both panes:
 * {@code trainer.png}, {@code timeline.png} and both stacked in {@code screenshot.png} under the
 * directory given as the first argument; with a second argument {@code errors}, only {@code errors.png}
 * showing a failed load and an invalid field; with {@code ipfs}, only {@code ipfs.png}: files dropped on the
 * IPFS pane, a multi-chunk file's DAG and a preview; with {@code polish [WxH]}, the panes of a 9-client run and the
 * Help dialogs at that window size ({@link #polish}). Run it under {@code xvfb-run -a}; not a test.
 */
public final class PreviewMain {

    /**
     * A robustness run: 7 clients of which 2 send sign-flipped updates ×10, Multi-Krum told f = 2, 3 rounds; writes
     * {@code robust-timeline.png} (round 1's screening in the details) and {@code robust-peers.png} (the Suspected
     * column).
     */
    private static void robust(Scene scene, Path out) throws Exception {
        fx(() -> {
            ((TextField) scene.lookup("#clientsField")).setText("7");
            ((TextField) scene.lookup("#roundsField")).setText("3");
            ((TextField) scene.lookup("#aggregatorsField")).setText("2");
            ((TextField) scene.lookup("#attackField")).setText("signflip:2:10");
            ((javafx.scene.control.ComboBox<String>) scene.lookup("#strategyKind")).getSelectionModel().select("multi-krum");
            return null;
        });
        Thread.sleep(200);
        fx(() -> {
            ((TextField) scene.lookup("#krumFField")).setText("2");
            ((Button) scene.lookup("#runButton")).fire();
            return null;
        });
        Thread.sleep(300);
        waitFor(() -> !((Button) scene.lookup("#runButton")).isDisabled());
        Thread.sleep(500);
        snapshot(scene, out.resolve("robust-trainer.png"));
        fx(() -> {
            ((TabPane) scene.lookup("#paneTabs")).getSelectionModel().select(1);
            return null;
        });
        Thread.sleep(300);
        fx(() -> {
            ((TableView<?>) scene.lookup("#timelineTable")).getSelectionModel().select(0);
            return null;
        });
        Thread.sleep(500);
        snapshot(scene, out.resolve("robust-timeline.png"));
        fx(() -> {
            TabPane tabs = (TabPane) scene.lookup("#paneTabs");
            tabs.getTabs().stream().filter(t -> t.getText().startsWith("Peers")).findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
            return null;
        });
        Thread.sleep(4000); // the Peers pane reads the chain on its refresh
        snapshot(scene, out.resolve("robust-peers.png"));
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/preview");
        Files.createDirectories(out);
        ExecutorService background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "preview-background");
            t.setDaemon(true);
            return t;
        });
        if (args.length > 1 && args[1].equals("first")) {
            firstFiveMinutes(out, background);
            return;
        }
        WorkbenchServices services = RealEngine.services(background,
                new EmbeddedContentStore(Files.createTempDirectory("defl-preview-ipfs")));
        if (args.length > 1 && (args[1].equals("polish") || args[1].equals("robust"))) {
            // the Chain explorer over the shared workspace's chain, as ExplorerPaneTest wires it
            var ws = RealEngine.workspace();
            String base = dev.defl.engine.ledger.TaskContract.ABI_RESOURCE.substring(0,
                    dev.defl.engine.ledger.TaskContract.ABI_RESOURCE.length() - 4);
            var explorer = new dev.defl.engine.ledger.explorer.ChainExplorer(ws.chain(),
                    dev.defl.engine.ledger.explorer.ContractRecognizer.create(ws.chain()).withArtifactResource(base), 32);
            services = new WorkbenchServices(RealEngine.datasets(), RealEngine.runners(), ws::status,
                    services.content(), background, null, null, () -> null,
                    new dev.defl.ui.explorer.ChainServices(explorer, () -> {
                        try { // as the app: null before a task ran (nothing deployed), else the index brought up to date
                            var index = ws.eventIndex();
                            index.sync();
                            return index;
                        } catch (IllegalStateException | java.io.IOException e) {
                            return null;
                        }
                    }, () -> {
                        try {
                            return ws.taskContract();
                        } catch (IllegalStateException e) {
                            return null;
                        }
                    }));
        }
        WorkbenchServices shown = services;
        Platform.startup(() -> WorkbenchWindow.show(new Stage(), shown));
        Scene scene = fx(() -> ((Stage) Window.getWindows().getFirst()).getScene());
        if (args.length > 1 && args[1].equals("ipfs")) {
            ipfs(scene, out);
            Platform.exit();
            background.shutdownNow();
            return;
        }
        if (args.length > 1 && args[1].equals("polish")) {
            try {
                polish(scene, out, args.length > 2 ? args[2] : "1280x720");
            } finally {
                Platform.exit();
                background.shutdownNow();
            }
            System.exit(0);
        }
        if (args.length > 1 && args[1].equals("errors")) {
            fx(() -> {
                ((javafx.scene.control.ComboBox<String>) scene.lookup("#builtinDataset")).getEditor().setText("no-such.csv");
                ((Button) scene.lookup("#loadBuiltinButton")).fire();
                ((TextField) scene.lookup("#clientsField")).setText("0");
                return null;
            });
            Thread.sleep(800);
            snapshot(scene, out.resolve("errors.png"));
            Platform.exit();
            background.shutdownNow();
            return;
        }

        fx(() -> {
            ((javafx.scene.control.ComboBox<String>) scene.lookup("#builtinDataset")).getSelectionModel().select("digits");
            return null;
        });
        waitFor(() -> !((Button) scene.lookup("#runButton")).isDisabled());
        if (args.length > 1 && args[1].equals("robust")) {
            robust(scene, out);
            Platform.exit();
            background.shutdownNow();
            System.exit(0);
        }
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

    /**
     * At {@code size} ("1280x720"): a digits run of 9 clients (more series than JavaFX's 8 colours), then the Trainer's
     * curves (accuracy, in percent) and partition, the timeline, the explorer with a block and a transaction selected,
     * the peers pane and the Help dialogs, each as {@code polish-<what>-<size>.png}.
     */
    private static void polish(Scene scene, Path out, String size) throws Exception {
        String[] wh = size.split("x");
        fx(() -> {
            Stage stage = (Stage) scene.getWindow();
            stage.setWidth(Double.parseDouble(wh[0]));
            stage.setHeight(Double.parseDouble(wh[1]));
            return null;
        });
        fx(() -> { ((Button) scene.lookup("#loadBuiltinButton")).fire(); return null; });
        waitFor(() -> !((Button) scene.lookup("#runButton")).isDisabled());
        fx(() -> {
            ((TextField) scene.lookup("#clientsField")).setText("9");
            ((TextField) scene.lookup("#roundsField")).setText("3");
            ((TextField) scene.lookup("#localEpochsField")).setText("2");
            ((TextField) scene.lookup("#aggregatorsField")).setText("2");
            ((Button) scene.lookup("#runButton")).fire();
            return null;
        });
        Thread.sleep(300);
        waitFor(() -> !((Button) scene.lookup("#runButton")).isDisabled());
        fx(() -> {
            TabPane trainerTabs = (TabPane) scene.lookup("#trainerTabs");
            trainerTabs.getSelectionModel().select(2);
            ((javafx.scene.control.ToggleButton) scene.lookup("#metricAccuracy")).fire();
            return null;
        });
        Thread.sleep(800);
        snapshot(scene, out.resolve("polish-curves-" + size + ".png"));
        fx(() -> { ((TabPane) scene.lookup("#trainerTabs")).getSelectionModel().select(1); return null; });
        Thread.sleep(800);
        snapshot(scene, out.resolve("polish-partition-" + size + ".png"));
        fx(() -> { ((TabPane) scene.lookup("#paneTabs")).getSelectionModel().select(1); return null; });
        Thread.sleep(2500);
        snapshot(scene, out.resolve("polish-timeline-" + size + ".png"));
        fx(() -> { ((TabPane) scene.lookup("#paneTabs")).getSelectionModel().select(3); return null; });
        waitFor(() -> !((TableView<?>) scene.lookup("#explorerBlocks")).getItems().isEmpty());
        fx(() -> { ((TableView<?>) scene.lookup("#explorerBlocks")).getSelectionModel().select(0); return null; });
        waitFor(() -> !((TableView<?>) scene.lookup("#explorerTransactions")).getItems().isEmpty());
        fx(() -> { ((TableView<?>) scene.lookup("#explorerTransactions")).getSelectionModel().select(0); return null; });
        Thread.sleep(1500);
        snapshot(scene, out.resolve("polish-explorer-" + size + ".png"));
        fx(() -> { ((TabPane) scene.lookup("#paneTabs")).getSelectionModel().select(4); return null; });
        Thread.sleep(6000);
        snapshot(scene, out.resolve("polish-peers-" + size + ".png"));
        WorkbenchWindow window = WorkbenchWindow.of((Stage) scene.getWindow());
        javafx.scene.control.Alert keys = fx(() -> window.help().showShortcuts());
        Thread.sleep(800);
        snapshot(fx(() -> keys.getDialogPane().getScene()), out.resolve("polish-shortcuts.png"));
        fx(() -> { keys.close(); return null; });
        javafx.scene.control.Alert about = fx(() -> window.help().showAbout());
        Thread.sleep(800);
        snapshot(fx(() -> about.getDialogPane().getScene()), out.resolve("polish-about.png"));
        fx(() -> { about.close(); return null; });
    }

    /**
     * A first start at 1280 × 720 with the workspace chain: {@code welcome.png} (the welcome), {@code reason.png}
     * (digits picked, an invalid batch size: the reason next to Run), {@code sample.png} (the sample run finished)
     * and {@code peers.png} (the Peers pane on the sample's task).
     */
    private static void firstFiveMinutes(Path out, ExecutorService background) throws Exception {
        WorkbenchServices services = RealEngine.servicesWithChain(background);
        Platform.startup(() -> {
            Stage stage = new Stage();
            WorkbenchWindow.show(stage, services, null, dev.defl.ui.run.FirstStart.inMemory(false));
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1280);
            stage.setHeight(720);
        });
        Thread.sleep(1500);
        Scene scene = fx(() -> ((Stage) Window.getWindows().getFirst()).getScene());
        waitFor(() -> scene.lookup("#welcomeCard") != null && scene.lookup("#welcomeCard").isVisible());
        Thread.sleep(500);
        snapshot(scene, out.resolve("welcome.png"));
        fx(() -> {
            ((javafx.scene.control.ComboBox<String>) scene.lookup("#builtinDataset")).getSelectionModel().select("digits");
            return null;
        });
        waitFor(() -> !((Button) scene.lookup("#runButton")).isDisabled());
        fx(() -> {
            ((TextField) scene.lookup("#batchSizeField")).setText("0");
            return null;
        });
        Thread.sleep(500);
        snapshot(scene, out.resolve("reason.png"));
        fx(() -> {
            ((TextField) scene.lookup("#batchSizeField")).setText("32");
            ((Button) scene.lookup("#welcomeSampleButton")).fire();
            return null;
        });
        Thread.sleep(1000);
        waitFor(() -> ((javafx.scene.control.Label) scene.lookup("#stepLabel")).getText().startsWith("Finished"));
        Thread.sleep(800);
        snapshot(scene, out.resolve("sample.png"));
        fx(() -> {
            ((TabPane) scene.lookup("#paneTabs")).getSelectionModel().select(4);
            return null;
        });
        Thread.sleep(5000);
        snapshot(scene, out.resolve("peers.png"));
        Platform.exit();
        background.shutdownNow();
    }

    /** Drops sample files on the IPFS pane, inspects a multi-chunk text file and snapshots the pane. */
    private static void ipfs(Scene scene, Path out) throws Exception {
        Path in = Files.createTempDirectory("defl-preview-files");
        StringBuilder log = new StringBuilder();
        for (int round = 1; log.length() < 700 * 1024; round++) {
            log.append(String.format(java.util.Locale.ROOT,
                    "round %d: 6 clients trained 2 local epochs; FedAvg over 3 aggregators; test accuracy %.2f %%%n",
                    round, 80 + 15 * (1 - Math.exp(-round / 40.0))));
        }
        Path logFile = Files.writeString(in.resolve("training-log.txt"), log);
        BufferedImage chart = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = chart.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 320, 200);
        g.setColor(new java.awt.Color(0x2f6fde));
        g.setStroke(new java.awt.BasicStroke(3));
        for (int x = 0; x < 300; x += 4) {
            g.drawLine(10 + x, (int) (190 - 170 * (1 - Math.exp(-x / 60.0))), 14 + x, (int) (190 - 170 * (1 - Math.exp(-(x + 4) / 60.0))));
        }
        g.dispose();
        Path png = in.resolve("accuracy.png");
        ImageIO.write(chart, "png", png.toFile());
        byte[] weights = new byte[1_200_000];
        new java.util.Random(3).nextBytes(weights);
        Path params = Files.write(in.resolve("global-model-round-4.params"), weights);
        Path updates = Files.createDirectories(in.resolve("updates"));
        for (int c = 1; c <= 3; c++) {
            byte[] update = new byte[40_000 * c];
            new java.util.Random(c).nextBytes(update);
            Files.write(updates.resolve("client-" + c + ".update"), update);
        }
        fx(() -> {
            ((TabPane) scene.lookup("#paneTabs")).getSelectionModel().select(2);
            javafx.scene.input.Dragboard board = org.mockito.Mockito.mock(javafx.scene.input.Dragboard.class);
            org.mockito.Mockito.when(board.hasFiles()).thenReturn(true);
            org.mockito.Mockito.when(board.getFiles()).thenReturn(
                    java.util.List.of(logFile.toFile(), png.toFile(), params.toFile(), updates.toFile()));
            javafx.event.Event.fireEvent(scene.lookup("#ipfsPane"), new javafx.scene.input.DragEvent(
                    javafx.scene.input.DragEvent.DRAG_DROPPED, board, 10, 10, 10, 10,
                    javafx.scene.input.TransferMode.COPY, null, null, null));
            return null;
        });
        waitFor(() -> ((TableView<?>) scene.lookup("#ipfsTable")).getItems().size() == 6);
        fx(() -> {
            TableView<?> table = (TableView<?>) scene.lookup("#ipfsTable");
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).toString().contains("training-log.txt")) table.getSelectionModel().select(i);
            }
            return null;
        });
        waitFor(() -> {
            var dag = (javafx.scene.control.TreeView<?>) scene.lookup("#ipfsDag");
            return dag.getRoot() != null && dag.getRoot().getChildren().size() == 3
                    && dag.getRoot().getChildren().getFirst().getValue() != null;
        });
        fx(() -> {
            var dag = (javafx.scene.control.TreeView<?>) scene.lookup("#ipfsDag");
            dag.getSelectionModel().select(1);
            return null;
        });
        Thread.sleep(800);
        snapshot(scene, out.resolve("ipfs.png"));
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
