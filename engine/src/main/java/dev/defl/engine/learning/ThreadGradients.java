package dev.defl.engine.learning;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient recording for the calling thread only, so that several clients can train at once.
 *
 * <p>DJL's {@code PtGradientCollector} turns on libtorch's grad mode and calls {@code torch.autograd.backward}, but it
 * also keeps a process-wide flag that refuses a second collector while one is open ("Only one can be collecting at a
 * time", DJL 0.35). Libtorch's grad mode itself is thread-local ({@code c10::AutogradState}), and its autograd engine
 * runs backward passes of independent graphs from several threads. This class does what the collector does without
 * the flag: it sets grad mode on the calling thread for its lifetime (restoring the previous mode on {@link #close()})
 * and runs backward through {@link JniUtils#backward}. Results are the same bits as with the collector: the same
 * kernels run on the calling thread (with {@code ai.djl.pytorch.num_threads=1}, each op runs on that thread).
 *
 * <p>Not thread-safe itself: open, use and close it on one thread.
 */
final class ThreadGradients implements AutoCloseable {
    private final boolean previous;

    private ThreadGradients(boolean mode) {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(mode);
    }

    /** Records operations on this thread for a backward pass until {@link #close()}. */
    static ThreadGradients record() {
        return new ThreadGradients(true);
    }

    /**
     * Records nothing on this thread until {@link #close()} (evaluation): a thread other than the one that loaded the
     * engine starts with libtorch's default, grad mode on.
     */
    static ThreadGradients off() {
        return new ThreadGradients(false);
    }

    /**
     * Accumulates the gradients of {@code target} (a PyTorch array) into the parameters that require them, with an
     * output gradient of ones (the array's own manager owns it).
     *
     * @throws ClassCastException if {@code target} is not a PyTorch array
     */
    void backward(NDArray target) {
        NDArray ones = target.getManager().ones(target.getShape(), target.getDataType()).toDevice(target.getDevice(), false);
        JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
