package dev.defl.engine.protocol;

import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Malicious clients of a robustness experiment (model poisoning). The first {@code clients} client indices,
 * {@code 0 .. K-1} (accounts 1 .. K of the dev chain), are malicious in every round they are sampled in: they train
 * honestly, then submit {@link #poisonedUpdate} instead of their trained weights, with their true sample count.
 *
 * <p>Kind {@code "signflip"} (a scaled sign-flipping attack, e.g. Fang et al. 2020, "Local Model Poisoning Attacks to
 * Byzantine-Robust Federated Learning"; Baruch et al. 2019): the update's delta from the global model is negated and
 * scaled by {@code S}.
 *
 * @param clients number K of malicious clients, {@code >= 0}; 0 is a clean run
 * @param kind    the attack, {@value #SIGNFLIP} (the only one)
 * @param scale   S, a finite number {@code > 0}
 */
public record Poisoning(int clients, String kind, double scale) {
    /** The sign-flipping attack: submit {@code global − S·(local − global)}. */
    public static final String SIGNFLIP = "signflip";

    /** @throws IllegalArgumentException naming the parameter out of range or the unknown kind */
    public Poisoning {
        Objects.requireNonNull(kind, "kind");
        if (clients < 0) throw new IllegalArgumentException("poisoned clients K must be >= 0, got " + clients);
        if (!SIGNFLIP.equals(kind)) {
            throw new IllegalArgumentException("unknown poisoning kind '" + kind + "' (known: " + SIGNFLIP + ")");
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("poisoning scale S must be a finite number > 0, got " + scale);
        }
    }

    /** No malicious clients. */
    public static Poisoning none() {
        return new Poisoning(0, SIGNFLIP, 1);
    }

    /**
     * Parses {@code K:KIND:S}, e.g. {@code "3:signflip:10"}; {@code "none"} is {@link #none()}.
     *
     * @throws IllegalArgumentException naming the part of {@code text} that is wrong
     */
    public static Poisoning parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.equalsIgnoreCase("none")) return none();
        String[] parts = t.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("poisoning '" + text + "' must be K:KIND:S, e.g. 3:signflip:10");
        }
        int k;
        try {
            k = Integer.parseInt(parts[0].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("poisoning '" + text + "': K '" + parts[0] + "' is not a whole number", e);
        }
        double s;
        try {
            s = Double.parseDouble(parts[2].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("poisoning '" + text + "': S '" + parts[2] + "' is not a number", e);
        }
        try {
            return new Poisoning(k, parts[1].strip().toLowerCase(Locale.ROOT), s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("poisoning '" + text + "': " + e.getMessage(), e);
        }
    }

    /** Whether any client is malicious. */
    public boolean active() {
        return clients > 0;
    }

    /** Whether client {@code client} (0-based index) is malicious: {@code client < K}. */
    public boolean isMalicious(int client) {
        return client < clients;
    }

    /**
     * The update a malicious client submits: element-wise in {@code float},
     * {@code delta = local − global}, {@code out = global − (float) S · delta}. Deterministic.
     *
     * @param global the round's global model
     * @param local  the client's honestly trained weights, same tensor names and shapes
     * @return the poisoned weights
     * @throws IllegalArgumentException if the two do not have the same tensors and shapes
     */
    public ModelWeights poisonedUpdate(ModelWeights global, ModelWeights local) {
        if (!global.sameShapes(local)) {
            throw new IllegalArgumentException("local weights " + local + " do not match the global model " + global);
        }
        float s = (float) scale;
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            float[] g = e.getValue().values();
            float[] l = local.tensor(e.getKey()).values();
            float[] p = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                float delta = l[i] - g[i];
                p[i] = g[i] - s * delta;
            }
            out.put(e.getKey(), new Tensor(e.getValue().shape(), p));
        }
        return new ModelWeights(out);
    }

    /** {@code K:KIND:S}, the form {@link #parse} reads, or {@code none}. */
    public String describe() {
        return active() ? clients + ":" + kind + ":" + scale : "none";
    }
}
