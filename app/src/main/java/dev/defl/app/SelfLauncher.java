package dev.defl.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line that starts another {@code defl} like this one, for commands that run peers as child processes
 * ({@code defl demo network}): the jpackage launcher when this process is one (system property
 * {@code jpackage.app-path}, or a process command that is not {@code java}), which takes the same arguments; else the
 * same {@code java} with this process's class path and {@link Launcher}, the system properties of {@link #definitions()}
 * and the options of STACK.md for small machines.
 */
final class SelfLauncher {
    private SelfLauncher() {
    }

    /** The command that runs {@code defl args…}. */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(prefix(System.getProperty("jpackage.app-path"),
                ProcessHandle.current().info().command().orElse(null), System.getProperty("java.home"),
                System.getProperty("java.class.path"), definitions()));
        command.addAll(args);
        return command;
    }

    /**
     * {@code -Dkey=value} for the system properties a child needs as this process has them: {@code defl.*} (e.g.
     * {@code defl.anvil}), DJL's ({@code ai.djl.*}, {@code ENGINE_CACHE_DIR}, {@code DJL_CACHE_DIR}: the installed
     * package's natives) and {@code user.home} (the installed wrapper sets it from {@code $HOME}).
     */
    private static List<String> definitions() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.startsWith("defl.") || key.startsWith("ai.djl.") || key.equals("ENGINE_CACHE_DIR")
                    || key.equals("DJL_CACHE_DIR") || key.equals("user.home")) {
                out.add("-D" + key + "=" + e.getValue());
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * The part before {@code defl}'s own arguments.
     *
     * @param appPath        {@code jpackage.app-path}, or null
     * @param processCommand this process's executable ({@link ProcessHandle.Info#command()}), or null
     * @param javaHome       {@code java.home}
     * @param classPath      {@code java.class.path}
     * @param definitions    {@code -D} options to pass on to a {@code java} child
     */
    static List<String> prefix(String appPath, String processCommand, String javaHome, String classPath,
                               List<String> definitions) {
        if (appPath != null && !appPath.isBlank() && Files.isExecutable(Path.of(appPath))) return List.of(appPath);
        String name = processCommand == null ? "java" : Path.of(processCommand).getFileName().toString()
                .toLowerCase(Locale.ROOT);
        if (processCommand != null && !name.equals("java") && !name.equals("java.exe")) {
            return List.of(processCommand); // a native launcher of the app (jpackage) runs the app's main class itself
        }
        String java = processCommand != null ? processCommand : Path.of(javaHome, "bin", "java").toString();
        List<String> options = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        options.addAll(definitions);
        return java(java, classPath, options);
    }

    /**
     * This process's {@code java} with {@code jvmOptions}, this process's class path (made absolute) and {@link Launcher}:
     * the command before {@code defl}'s own arguments when a {@code java} child is wanted whatever launched this one
     * ({@code defl bench startup} times exactly this JVM's start-up).
     */
    static List<String> java(List<String> jvmOptions) {
        return java(ProcessHandle.current().info().command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                System.getProperty("java.class.path"), jvmOptions);
    }

    private static List<String> java(String java, String classPath, List<String> jvmOptions) {
        List<String> out = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        out.addAll(jvmOptions);
        List<String> absolute = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) absolute.add(Path.of(entry).toAbsolutePath().toString());
        }
        out.addAll(List.of("-cp", String.join(File.pathSeparator, absolute), Launcher.class.getName()));
        return out;
    }
}
