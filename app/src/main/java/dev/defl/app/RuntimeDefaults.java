package dev.defl.app;

/**
 * JVM-wide settings the app needs before any engine class loads: DJL stays offline (natives come
 * from the PyTorch jar on the class path, nothing is downloaded) and uses one intra-op thread
 * unless the user set otherwise, which gave steady epoch times on small machines (STACK.md).
 */
final class RuntimeDefaults {

    private RuntimeDefaults() {}

    static void apply() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
