package dev.defl.app;

import dev.defl.engine.ledger.ChainSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Set;

/**
 * The root command's options, which open the window ({@code defl [--data-dir DIR] [--rpc-url URL …]}); a mixin of
 * {@link DeflCommand} and of {@link WindowCommand}, the lean parser {@link Launcher} uses when the arguments name no
 * sub-command.
 */
final class WindowOptions {

    /** The options that take a value. */
    private static final Set<String> WITH_VALUE = Set.of("--data-dir", "--rpc-url", "--chain", "--chain-id", "--smoke-screenshot");
    /** The flags. */
    private static final Set<String> FLAGS = Set.of("--startup-report");

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Content store and chain state (default: $DEFL_DATA_DIR or ~/.local/share/defl-workbench).")
    Path dataDir;

    @Option(names = {"--chain", "--rpc-url"}, paramLabel = "URL",
            description = "Window only: use this JSON-RPC endpoint (http(s):// or ws(s)://) instead of the embedded dev chain "
                    + "(--chain and --rpc-url are the same option).")
    String rpcUrl;

    @Option(names = "--chain-id", paramLabel = "ID", defaultValue = "0",
            description = "With --rpc-url: the chain id the endpoint must report (eth_chainId); 0 accepts any.")
    long chainId;

    @Option(names = "--smoke-screenshot", paramLabel = "FILE", hidden = true,
            description = "Window only: wait until every component is ready (at most 120 s), save a PNG of the window "
                    + "to FILE, print 'smoke: ready in X ms, screenshot FILE' and exit 0; exit 1 naming what is not ready.")
    Path smokeScreenshot;

    @Option(names = "--startup-report", hidden = true,
            description = "Window only: print 'startup first-frame MS' and 'startup ready MS' (ms since the JVM started).")
    boolean startupReport;

    /** Opens the window and blocks until it is closed; returns the exit code. */
    int launch() {
        requireDisplay(System.getenv(), System.getProperties());
        return WorkbenchApp.launch(new WorkbenchApp.Options(dataDir != null ? dataDir : DataDirectory.defaultPath(),
                rpcUrl == null ? null : ChainSettings.of(rpcUrl).withExpectedChainId(chainId), smokeScreenshot,
                startupReport,
                smokeScreenshot != null ? null : ConfigDirectory.defaultPath().resolve(ConfigDirectory.WINDOW_FILE)));
    }

    /**
     * On Linux, fails before JavaFX starts when there is no display to open the window on (neither {@code DISPLAY}
     * nor {@code WAYLAND_DISPLAY} is set, and no headless glass platform such as Monocle is chosen), so the user reads
     * what to do rather than GTK's "Unable to open DISPLAY".
     *
     * @throws IllegalStateException naming the variables and the alternatives (the command line, xvfb-run)
     */
    static void requireDisplay(java.util.Map<String, String> environment, java.util.Properties properties) {
        if (!properties.getProperty("os.name", "").startsWith("Linux") || properties.getProperty("glass.platform") != null) {
            return;
        }
        if (isBlank(environment.get("DISPLAY")) && isBlank(environment.get("WAYLAND_DISPLAY"))) {
            throw new IllegalStateException("no display to open the window on: neither DISPLAY nor WAYLAND_DISPLAY is set "
                    + "(a server or an SSH session without -X); use the command line (defl --help) or run the window "
                    + "under a virtual display: xvfb-run -a defl-workbench");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Whether {@code args} consist only of these options (so they open the window and need no sub-command parser):
     * each a known option with its value ({@code --data-dir DIR} or {@code --data-dir=DIR}) or a known flag.
     */
    static boolean onlyWindowOptions(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (FLAGS.contains(arg)) continue;
            if (!WITH_VALUE.contains(name)) return false;
            if (eq < 0) {
                if (i + 1 >= args.length) return false; // let the full parser say the value is missing
                i++;
            }
        }
        return true;
    }
}
