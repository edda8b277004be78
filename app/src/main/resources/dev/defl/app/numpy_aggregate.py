"""numpy baselines of `defl bench aggregate` (run by AggregateBenchCommand; not meant to be run by hand).

Reads the updates the Java side wrote (client-K.f32: the tensors' float32 values, little-endian, concatenated in
tensor-name order), then times, best of R with time.perf_counter, only the aggregation:

  flower   Flower's flwr.server.strategy.aggregate.aggregate code path (float32 layers, functools.reduce(np.add, ...))
  float64  a float64 accumulator: acc += n_k * w_k per layer, then acc / n, rounded to float32

Usage: numpy_aggregate.py DIR N REPEATS SIZES SAMPLES
  SIZES   comma-separated element counts of the tensors, in name order
  SAMPLES comma-separated n_k of the N clients
Writes DIR/numpy-float64-result.f32 (the float64 version's result, for a bit-for-bit comparison with FedAvg) and
prints one JSON object on stdout: seconds of each repeat, peak RSS (bytes, VmHWM after a reset of the high-water mark
before each method, where the kernel allows it) and versions.
"""
import json
import os
import platform
import resource
import sys
import time
from functools import reduce

import numpy as np


def flower_aggregate(results):
    """flwr.server.strategy.aggregate.aggregate (Flower 1.x), verbatim apart from the names."""
    num_examples_total = sum(num_examples for (_, num_examples) in results)
    weighted_weights = [[layer * num_examples for layer in weights] for weights, num_examples in results]
    weights_prime = [reduce(np.add, layer_updates) / num_examples_total for layer_updates in zip(*weighted_weights)]
    return weights_prime


def float64_aggregate(results):
    total = float(sum(n for _, n in results))
    acc = [np.zeros(layer.shape, dtype=np.float64) for layer in results[0][0]]
    for weights, n in results:
        nf = np.float64(n)
        for a, layer in zip(acc, weights):
            a += nf * layer
    return [(a / total).astype(np.float32) for a in acc]


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def vm_hwm_bytes():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def timed(fn, results, repeats):
    reset = reset_peak()
    seconds = []
    out = None
    for _ in range(repeats):
        out = None
        start = time.perf_counter()
        out = fn(results)
        seconds.append(time.perf_counter() - start)
    return seconds, vm_hwm_bytes(), reset, out


def main():
    directory, n, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    sizes = [int(s) for s in sys.argv[4].split(",")]
    samples = [int(s) for s in sys.argv[5].split(",")]
    results = []
    for k in range(n):
        flat = np.fromfile(os.path.join(directory, "client-%d.f32" % k), dtype="<f4")
        if flat.size != sum(sizes):
            raise SystemExit("client-%d.f32 holds %d values, expected %d" % (k, flat.size, sum(sizes)))
        layers, start = [], 0
        for s in sizes:
            layers.append(flat[start:start + s])
            start += s
        results.append((layers, samples[k]))
    loaded_rss = vm_hwm_bytes()

    flower_s, flower_rss, reset, _ = timed(flower_aggregate, results, repeats)
    f64_s, f64_rss, _, f64_out = timed(float64_aggregate, results, repeats)
    np.concatenate(f64_out).astype("<f4").tofile(os.path.join(directory, "numpy-float64-result.f32"))
    json.dump({
        "python": platform.python_version(),
        "numpy": np.__version__,
        "loadedRssBytes": loaded_rss,
        "peakResetWorked": reset,
        "flowerSeconds": flower_s,
        "flowerPeakRssBytes": flower_rss,
        "float64Seconds": f64_s,
        "float64PeakRssBytes": f64_rss,
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
