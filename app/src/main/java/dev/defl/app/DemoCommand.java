package dev.defl.app;

import picocli.CommandLine.Command;

/** {@code defl demo}: try-outs that start everything they need and stop it again. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Try-outs that start and stop everything they need.",
        subcommands = {DemoNetworkCommand.class})
final class DemoCommand {
}
