package dev.defl.engine.learning.attack;

import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A model-poisoning (or data-poisoning) attack of malicious clients: what a malicious client submits in place of its
 * honestly trained model. Deterministic: the same {@link AttackRound} and trained model give the same bytes
 * (randomised attacks draw from {@link java.util.Random}, whose sequence the Java specification fixes, seeded from the
 * experiment's seed, the round and the attacker).
 *
 * <p>Shapes: every model in and out has the global model's tensor names and shapes; coordinates are treated
 * independently unless the attack says otherwise; arithmetic in {@code double}, each output rounded to {@code float}
 * once.
 *
 * <p>Knowledge ({@link #knowledge()}): {@link Knowledge#OWN} attacks need only the attacker's own trained model;
 * {@link Knowledge#COLLUDERS} attacks also the other malicious clients' honestly trained models (colluders share them);
 * {@link Knowledge#HONEST} attacks read the honest clients' updates of the round before submitting their own. In a
 * decentralized task that is possible: an update is public content once its CID is on chain, so an attacker that
 * submits late can fetch the others first.
 */
public sealed interface Attack permits Attack.SignFlip, Attack.GaussianNoise, Attack.LabelFlip, Alie, Ipm, FangKrum,
        FangTrimmedMean {

    /** What an attacker must read before it crafts its update. */
    enum Knowledge {
        /** Its own trained model. */
        OWN,
        /** Also the other malicious clients' honestly trained models. */
        COLLUDERS,
        /** Also the honest clients' updates of the round (full knowledge). */
        HONEST
    }

    /** The attack's CLI name, e.g. {@code "alie"}. */
    String kind();

    /** What the attacker must know; the caller fills {@link AttackRound#benign()} accordingly. */
    Knowledge knowledge();

    /**
     * The model a malicious client submits.
     *
     * @param round   what the attackers know this round
     * @param trained this attacker's honestly trained model (for {@link LabelFlip}: trained on flipped labels)
     * @return the submitted weights, same names and shapes as the global model
     * @throws IllegalArgumentException if {@code trained} does not match the global model, or the attack needs
     *                                  benign models and {@code round.benign()} is empty
     */
    ModelWeights craft(AttackRound round, ModelWeights trained);

    /** {@code KIND[:PARAM]} as {@link AttackPlan#parse} reads it after the count. */
    String describe();

    // ---- the attacks that need only the attacker's own model

    /**
     * The sign-flipping attack: submit {@code global − S·(trained − global)}, the step reversed and scaled
     * (Fang, Cao, Jia, Gong 2020, "Local Model Poisoning Attacks to Byzantine-Robust Federated Learning", USENIX
     * Security, and Baruch et al. 2019 use it as the naive baseline).
     *
     * @param scale S, finite and {@code > 0}
     */
    record SignFlip(double scale) implements Attack {
        public SignFlip {
            Checks.positive("sign flip scale S", scale);
        }

        @Override
        public String kind() {
            return "signflip";
        }

        @Override
        public Knowledge knowledge() {
            return Knowledge.OWN;
        }

        @Override
        public ModelWeights craft(AttackRound round, ModelWeights trained) {
            Checks.shapes(round, trained);
            Map<String, Tensor> out = new TreeMap<>();
            for (Map.Entry<String, Tensor> e : round.global().tensors().entrySet()) {
                float[] g = e.getValue().values();
                float[] l = trained.tensor(e.getKey()).values();
                float[] p = new float[g.length];
                for (int i = 0; i < g.length; i++) p[i] = (float) (g[i] - scale * ((double) l[i] - g[i]));
                out.put(e.getKey(), new Tensor(e.getValue().shape(), p));
            }
            return new ModelWeights(out);
        }

        @Override
        public String describe() {
            return kind() + ":" + Checks.number(scale);
        }
    }

    /**
     * The Gaussian attack: submit {@code global + ε} with {@code ε} drawn coordinate by coordinate from
     * {@code N(0, σ²)} (Cao, Fang, Liu, Gong 2021, "FLTrust: Byzantine-robust Federated Learning via Trust
     * Bootstrapping", NDSS, Section VI-A; Blanchard et al. 2017's "Gaussian Byzantine" workers). Ignores the trained
     * model. The noise is drawn from {@link java.util.Random} seeded by the experiment's seed, the round and the
     * attacker, coordinates in tensor-name then row-major order.
     *
     * @param sigma σ, finite and {@code > 0}
     */
    record GaussianNoise(double sigma) implements Attack {
        public GaussianNoise {
            Checks.positive("Gaussian σ", sigma);
        }

        @Override
        public String kind() {
            return "gaussian";
        }

        @Override
        public Knowledge knowledge() {
            return Knowledge.OWN;
        }

        @Override
        public ModelWeights craft(AttackRound round, ModelWeights trained) {
            Checks.shapes(round, trained);
            Random random = Checks.random(round, 0x6761757373L);
            Map<String, Tensor> out = new TreeMap<>();
            for (Map.Entry<String, Tensor> e : round.global().tensors().entrySet()) {
                float[] g = e.getValue().values();
                float[] p = new float[g.length];
                for (int i = 0; i < g.length; i++) p[i] = (float) (g[i] + sigma * random.nextGaussian());
                out.put(e.getKey(), new Tensor(e.getValue().shape(), p));
            }
            return new ModelWeights(out);
        }

        @Override
        public String describe() {
            return kind() + ":" + Checks.number(sigma);
        }
    }

    /**
     * Label flipping, a data-poisoning attack: the malicious client trains on its shard with every label {@code y}
     * of {@code C} classes replaced by {@code C − 1 − y} ({@link #flip}), then submits that model as it is
     * (Tolpegin, Truex, Gursoy, Liu 2020, "Data Poisoning Attacks Against Federated Learning Systems", ESORICS;
     * Fang et al. 2020 use the same permutation). {@link #craft} returns the trained model unchanged: the attack is in
     * the training data.
     */
    record LabelFlip() implements Attack {
        @Override
        public String kind() {
            return "labelflip";
        }

        @Override
        public Knowledge knowledge() {
            return Knowledge.OWN;
        }

        @Override
        public ModelWeights craft(AttackRound round, ModelWeights trained) {
            Checks.shapes(round, trained);
            return trained;
        }

        /**
         * The flipped label.
         *
         * @param label   a class index, {@code 0 .. classes − 1}
         * @param classes C, {@code >= 2}
         * @throws IllegalArgumentException if {@code label} is out of range or {@code classes < 2}
         */
        public static int flip(int label, int classes) {
            if (classes < 2) throw new IllegalArgumentException("label flipping needs >= 2 classes, got " + classes);
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " is not a class index 0.." + (classes - 1));
            }
            return classes - 1 - label;
        }

        /**
         * {@code data} with every label flipped ({@link #flip}); features unchanged, name suffixed
         * {@code /labelflip}.
         *
         * @throws IllegalArgumentException for a regression dataset (its labels are target bins, and training reads
         *                                  the targets) or fewer than 2 classes
         */
        public static LabeledDataset flipped(LabeledDataset data) {
            if (data.isRegression()) {
                throw new IllegalArgumentException("label flipping needs a classification dataset; " + data.name()
                        + " is a regression dataset");
            }
            int[] y = new int[data.size()];
            for (int i = 0; i < y.length; i++) y[i] = flip(data.labels()[i], data.numClasses());
            return new LabeledDataset(data.name() + "/labelflip", data.features(), y, data.numFeatures(),
                    data.numClasses(), data.imageShape(), data.preprocessing());
        }

        @Override
        public String describe() {
            return kind();
        }
    }

    /** The attacks by kind, for messages: {@code signflip, gaussian, labelflip, alie, ipm, fang-krum, fang-trimmed}. */
    List<String> KINDS = List.of("signflip", "gaussian", "labelflip", "alie", "ipm", "fang-krum", "fang-trimmed");
}
