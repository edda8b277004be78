package dev.defl.app;

import dev.defl.ui.runs.RunRow;
import dev.defl.ui.status.StartupViewModel;
import javafx.animation.AnimationTimer;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * What {@code defl bench ui} does in the window, pulse by pulse on the JavaFX thread (an {@link AnimationTimer} keeps
 * the toolkit pulsing at 60 Hz throughout, and runs one step of the script per pulse):
 * <ol>
 *   <li>waits until the store, chain and training engine are ready and the panes are attached;</li>
 *   <li>opens each pane in turn (Peers, IPFS, Runs, Chain explorer, Round timeline, Trainer) and waits until its
 *   table holds the history ("open": the pane's background reads and the rows reaching the table); in the Runs pane
 *   it then selects the large run and shows its per-round metrics; saves a PNG of the pane when asked;</li>
 *   <li>scrolls every visible table of the pane from top to bottom and back, one viewport height per pulse (as fast
 *   as a dragged scroll bar: every visible cell shows a new row each frame);</li>
 *   <li>sorts every table by each sortable column, ascending then descending, leaving 3 pulses after each click,
 *   then restores the table's order;</li>
 *   <li>switches through all the panes once more ("switch to": 30 pulses each);</li>
 *   <li>measures the heap in use after a full GC, with everything still shown, and ends the app.</li>
 * </ol>
 * Frame times are collected by {@link FrameTimes}. A pane that never fills within its time-out is noted in
 * {@link Result#notes()}, and the script goes on.
 */
final class UiBenchScript implements WindowScript {

    /** Pulses to leave after each sort click. */
    private static final int SORT_SETTLE = 3;
    /** Pulses measured after a pane has filled, and after each switch. */
    private static final int SETTLE = 30;
    private static final long SECOND = 1_000_000_000L;

    /**
     * What the bench measured.
     *
     * @param frames       per pane and action
     * @param overall      every frame together
     * @param scrollAndSort the frames of every scroll and sort step together: the table interactions, without the
     *                     first opening of each pane and the tab switches
     * @param readySeconds window shown → store, chain and engine ready and the panes attached
     * @param fillSeconds  per pane: tab selected → its table holds the history (the Runs pane: the large run's rounds shown)
     * @param heapLiveBytes heap in use after a full GC at the end, everything still shown
     * @param heapPeakBytes peak heap in use (sum of the heap pools' peaks) from ready to the end
     * @param heapMaxBytes the JVM's maximum heap
     * @param renderer     {@code "software"} or {@code "hardware"} (whether the pipeline supports 3-D: only the
     *                     GPU pipelines do)
     * @param notes        what did not go as planned (a pane that did not fill in time)
     */
    record Result(List<FrameTimes.Stats> frames, FrameTimes.Stats overall, FrameTimes.Stats scrollAndSort,
                  double readySeconds,
                  Map<String, Double> fillSeconds, long heapLiveBytes, long heapPeakBytes, long heapMaxBytes,
                  String renderer, List<String> notes) {
    }

    /** One pane: its tab's id and when it holds the history. */
    private record PaneSpec(String name, String tabId, BooleanSupplier filled) {
    }

    /** One step of the script; {@link #pulse()} runs once per pulse until it returns true. */
    private abstract static class Step {
        final FrameTimes.Bucket bucket;

        Step(FrameTimes.Bucket bucket) {
            this.bucket = bucket;
        }

        abstract boolean pulse();
    }

    private final int peers, rounds, pins;
    private final String bigRunName;
    private final Path screenshots;
    private final FrameTimes times = new FrameTimes();
    private final Deque<Step> steps = new ArrayDeque<>();
    private final Map<String, Double> fillSeconds = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private Scene scene;
    private StartupViewModel startup;
    private IntConsumer exit;
    private AnimationTimer timer;
    private long shownAt, readyAt, heapLive;
    private volatile Result result;

    /**
     * @param peers       participants the Peers table should list
     * @param rounds      rounds of the large run
     * @param pins        pinned files (the IPFS table lists at least these)
     * @param bigRunName  the large run's name in the Runs table
     * @param screenshots where to save one PNG per pane once filled ({@code ui-bench-<pane>.png}), or null
     */
    UiBenchScript(int peers, int rounds, int pins, String bigRunName, Path screenshots) {
        this.peers = peers;
        this.rounds = rounds;
        this.pins = pins;
        this.bigRunName = bigRunName;
        this.screenshots = screenshots;
    }

    /** The figures, once the app has ended; null if it ended before the script did. */
    Result result() {
        return result;
    }

    @Override
    public void start(Stage stage, StartupViewModel startupModel, IntConsumer exitWith) {
        scene = stage.getScene();
        startup = startupModel;
        exit = exitWith;
        shownAt = System.nanoTime();
        scene.addPostLayoutPulseListener(() -> times.laidOut(System.nanoTime()));
        plan();
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulse();
            }
        };
        timer.start();
    }

    private void plan() {
        steps.add(until(null, "the window ready", () -> startup.allReadyProperty().get()
                && scene.lookup(".tab-content-holder") != null, 0, 240, () -> readyAt = System.nanoTime()));
        steps.add(once(null, () -> new MemoryPeaks().reset()));
        List<PaneSpec> panes = List.of(
                new PaneSpec("Peers", "peersTab", () -> rows("#peersTable") >= peers),
                new PaneSpec("IPFS", "ipfsTab", () -> rows("#ipfsTable") >= pins),
                new PaneSpec("Runs", "runsTab", () -> rows("#runsTable") >= 2),
                new PaneSpec("Chain explorer", "explorerTab", () -> rows("#explorerBlocks") > 0),
                new PaneSpec("Round timeline", "timelineTab", () -> rows("#timelineTable") > 0),
                new PaneSpec("Trainer", "trainerTab", () -> true));
        for (PaneSpec pane : panes) {
            FrameTimes.Bucket open = times.bucket(pane.name(), "open");
            long[] openedAt = {0};
            steps.add(once(open, () -> {
                openedAt[0] = System.nanoTime();
                select(pane.tabId());
            }));
            steps.add(until(open, pane.name() + " filled", pane.filled(), SETTLE, 120,
                    () -> fillSeconds.put(pane.name(), (System.nanoTime() - openedAt[0]) / 1e9)));
            if (pane.tabId().equals("runsTab")) {
                FrameTimes.Bucket pick = times.bucket(pane.name(), "select the " + rounds + "-round run");
                long[] pickedAt = {0};
                steps.add(once(pick, () -> {
                    pickedAt[0] = System.nanoTime();
                    selectRun();
                }));
                steps.add(until(pick, "the large run's rounds", () -> rows("#runsRoundsTable") >= rounds, 0, 60,
                        () -> fillSeconds.put("Runs: the " + rounds + "-round run", (System.nanoTime() - pickedAt[0]) / 1e9)));
                FrameTimes.Bucket tab = times.bucket(pane.name(), "per-round metrics tab");
                steps.add(once(tab, () -> select("runsRoundsTab")));
                steps.add(until(tab, "per-round metrics shown", () -> true, SETTLE, 10, () -> { }));
            }
            if (screenshots != null) steps.add(once(null, () -> snapshot(pane)));
            steps.add(expand(() -> tableSteps(pane)));
        }
        for (PaneSpec pane : panes) {
            FrameTimes.Bucket to = times.bucket(pane.name(), "switch to");
            steps.add(once(to, () -> select(pane.tabId())));
            steps.add(until(to, "switch", () -> true, SETTLE, 10, () -> { }));
        }
        steps.add(once(null, () -> {
            System.gc();
            heapLive = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }));
    }

    /** One scroll and one sort step for each visible, non-empty table of the pane shown now. */
    private List<Step> tableSteps(PaneSpec pane) {
        List<Step> out = new ArrayList<>();
        Tab tab = tab(pane.tabId());
        if (tab == null || tab.getContent() == null) return out;
        for (Node node : tab.getContent().lookupAll(".table-view")) {
            if (node instanceof TableView<?> table && shown(table) && !table.getItems().isEmpty()) {
                out.add(scroll(pane.name(), table));
                out.add(sort(pane.name(), table));
            }
        }
        return out;
    }

    private void pulse() {
        long now = System.nanoTime();
        Step step = steps.pollFirst();
        if (step == null) {
            finish(0);
            return;
        }
        times.tick(now, step.bucket);
        try {
            if (!step.pulse()) steps.addFirst(step);
        } catch (RuntimeException e) {
            notes.add("stopped: " + CliErrors.oneLine(e));
            finish(1);
        }
    }

    private void finish(int code) {
        timer.stop();
        result = new Result(times.stats(), times.overall(),
                times.pooled("scroll and sort", "all", a -> a.startsWith("scroll ") || a.startsWith("sort ")), readyAt == 0 ? -1 : (readyAt - shownAt) / 1e9,
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fillSeconds)), heapLive, MemoryPeaks.peakHeapBytes(),
                Runtime.getRuntime().maxMemory(),
                Platform.isSupported(ConditionalFeature.SCENE3D) ? "hardware" : "software", List.copyOf(notes));
        exit.accept(code);
    }

    // ---- steps

    private interface Action {
        void run() throws IOException;
    }

    private static Step once(FrameTimes.Bucket bucket, Action action) {
        return new Step(bucket) {
            @Override
            boolean pulse() {
                try {
                    action.run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            }
        };
    }

    /** Pulses until {@code condition} holds (then {@code reached} runs), then {@code settle} more pulses. */
    private Step until(FrameTimes.Bucket bucket, String what, BooleanSupplier condition, int settle, int timeoutSeconds,
                       Runnable reached) {
        return new Step(bucket) {
            long startedAt = -1;
            int left = -1;

            @Override
            boolean pulse() {
                long now = System.nanoTime();
                if (startedAt < 0) startedAt = now;
                if (left < 0) {
                    if (condition.getAsBoolean()) {
                        reached.run();
                        left = settle;
                    } else if (now - startedAt > timeoutSeconds * SECOND) {
                        notes.add(what + ": not reached in " + timeoutSeconds + " s");
                        return true;
                    } else {
                        return false;
                    }
                }
                return left-- <= 0;
            }
        };
    }

    /** Runs {@code more} when reached and puts its steps next. */
    private Step expand(Supplier<List<Step>> more) {
        return new Step(null) {
            @Override
            boolean pulse() {
                List<Step> next = more.get();
                for (int i = next.size() - 1; i >= 0; i--) steps.addFirst(next.get(i));
                return true;
            }
        };
    }

    /** Top to bottom and back, one viewport per pulse. */
    private Step scroll(String pane, TableView<?> table) {
        return new Step(times.bucket(pane, "scroll " + name(table) + " (" + table.getItems().size() + " rows)")) {
            VirtualFlow<?> flow;
            boolean down = true;
            int pulses, cap;

            @Override
            boolean pulse() {
                if (flow == null) {
                    flow = table.lookup(".virtual-flow") instanceof VirtualFlow<?> f ? f : null;
                    if (flow == null) {
                        notes.add(pane + ": " + name(table) + " has no virtual flow; not scrolled");
                        return true;
                    }
                    cap = 4 * table.getItems().size() + 100;
                }
                if (++pulses > cap) {
                    notes.add(pane + ": scrolling " + name(table) + " did not reach its end in " + cap + " pulses");
                    return true;
                }
                double page = Math.max(1, flow.getHeight());
                if (down) {
                    if (flow.scrollPixels(page) != 0) return false;
                    down = false; // nothing left to scroll: the end (or every row fits)
                }
                return flow.scrollPixels(-page) == 0;
            }
        };
    }

    /** Each sortable column ascending, then descending; then the table's own order back. */
    private Step sort(String pane, TableView<?> table) {
        return new Step(times.bucket(pane, "sort " + name(table))) {
            final List<TableColumn<?, ?>> columns = new ArrayList<>();
            List<TableColumn<?, ?>> original;
            Map<TableColumn<?, ?>, TableColumn.SortType> types;
            int column, wait;
            boolean descending;

            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            boolean pulse() {
                TableView raw = table;
                if (original == null) {
                    original = new ArrayList<>(table.getSortOrder());
                    types = new LinkedHashMap<>();
                    for (TableColumn<?, ?> c : table.getVisibleLeafColumns()) {
                        types.put(c, c.getSortType());
                        if (c.isSortable()) columns.add(c);
                    }
                }
                if (wait > 0) {
                    wait--;
                    return false;
                }
                if (column == columns.size()) {
                    types.forEach(TableColumn::setSortType);
                    raw.getSortOrder().setAll(original);
                    return true;
                }
                TableColumn c = columns.get(column);
                if (!descending) {
                    c.setSortType(TableColumn.SortType.ASCENDING);
                    raw.getSortOrder().setAll(c);
                    descending = true;
                } else {
                    c.setSortType(TableColumn.SortType.DESCENDING);
                    descending = false;
                    column++;
                }
                wait = SORT_SETTLE;
                return false;
            }
        };
    }

    // ---- the window

    private int rows(String selector) {
        return scene.lookup(selector) instanceof TableView<?> t ? t.getItems().size() : -1;
    }

    private void select(String tabId) {
        Tab tab = tab(tabId);
        if (tab == null) throw new IllegalStateException("the window has no tab " + tabId);
        tab.getTabPane().getSelectionModel().select(tab);
    }

    private Tab tab(String tabId) {
        for (Node node : scene.getRoot().lookupAll(".tab-pane")) {
            if (node instanceof TabPane pane) {
                for (Tab t : pane.getTabs()) {
                    if (tabId.equals(t.getId())) return t;
                }
            }
        }
        return null;
    }

    private void selectRun() {
        if (!(scene.lookup("#runsTable") instanceof TableView<?> table)) throw new IllegalStateException("no runs table");
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i) instanceof RunRow row && bigRunName.equals(row.nameProperty().get())) {
                table.getSelectionModel().clearAndSelect(i);
                table.scrollTo(i);
                return;
            }
        }
        notes.add("Runs: no run named '" + bigRunName + "' listed");
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) return false;
        }
        return node.getScene() != null && node.getLayoutBounds().getHeight() > 0;
    }

    private static String name(TableView<?> table) {
        return table.getId() != null ? table.getId() : "table";
    }

    private void snapshot(PaneSpec pane) throws IOException {
        Path file = screenshots.resolve("ui-bench-" + pane.tabId().replace("Tab", "") + ".png");
        Files.createDirectories(screenshots);
        if (!ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", file.toFile())) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        times.breakChain();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "UiBenchScript[%d peers, %d rounds, %d pins]", peers, rounds, pins);
    }
}
