package dev.defl.engine.learning;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The DJL device that training and evaluation run on, resolved from a request ({@code cpu}, {@code cuda} or
 * {@code auto}) against what the PyTorch engine sees.
 *
 * <p>{@code cuda} with no GPU visible to PyTorch ({@code Engine.getGpuCount() == 0}, e.g. the bundled CPU-only
 * libtorch, or a CUDA flavor that failed to load: DJL then silently falls back to CPU, djl#2775) resolves to
 * {@link Device#cpu()} with a {@link #warning()}; {@code auto} takes {@code gpu(0)} when one is visible, else the CPU
 * without a warning. A GPU needs a CUDA build of libtorch 2.7.1 (see the README, section "GPU").
 *
 * @param requested the request, {@code "cpu"}, {@code "cuda"} or {@code "auto"}
 * @param device    the device used
 * @param warning   why the requested device is not used, or {@code null}
 */
public record ComputeDevice(String requested, Device device, String warning) {
    /** Requests {@link #resolve} accepts. */
    public static final String CPU = "cpu", CUDA = "cuda", AUTO = "auto";

    public ComputeDevice {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(device, "device");
    }

    /** The CPU, as requested; loads nothing. */
    public static ComputeDevice cpu() {
        return new ComputeDevice(CPU, Device.cpu(), null);
    }

    /**
     * Resolves {@code request} (case-insensitive); for {@code cuda} and {@code auto} loads the PyTorch engine and asks
     * it for GPUs.
     *
     * @throws IllegalArgumentException for a request other than cpu, cuda, auto
     */
    public static ComputeDevice resolve(String request) {
        Objects.requireNonNull(request, "request");
        String r = request.strip().toLowerCase(Locale.ROOT);
        return switch (r) {
            case CPU -> cpu();
            case CUDA, AUTO -> {
                LocalTrainer.configureOffline();
                Engine engine = Engine.getEngine(LocalTrainer.ENGINE);
                if (engine.getGpuCount() > 0) yield new ComputeDevice(r, Device.gpu(0), null);
                yield new ComputeDevice(r, Device.cpu(), r.equals(CUDA)
                        ? "CUDA requested but no GPU visible to PyTorch (flavor " + flavor() + "); training on CPU"
                        : null);
            }
            default -> throw new IllegalArgumentException("device '" + request + "' must be cpu, cuda or auto");
        };
    }

    /** The libtorch build in use, e.g. {@code "2.7.1-cpu-linux-x86_64"} (the name of its directory). */
    static String flavor() {
        String env = System.getenv("PYTORCH_FLAVOR");
        String path = LibUtils.getLibtorchPath();
        String dir = path == null ? "unknown" : String.valueOf(Path.of(path).getFileName());
        return env != null ? env + ", " + dir : dir;
    }

    /** Whether training runs on a GPU. */
    public boolean isGpu() {
        return device.isGpu();
    }

    /** The DJL device name, e.g. {@code "cpu()"} or {@code "gpu(0)"}. */
    public String name() {
        return device.toString();
    }
}
