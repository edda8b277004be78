package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelKindTest {
    private static DatasetSplit rows(int features, int[] imageShape) {
        LabeledDataset d = new LabeledDataset("t", new float[2 * features], new int[] {0, 1}, features, 2, imageShape, null);
        return new DatasetSplit(d, d);
    }

    @Test
    void kindsAreParsedByTheirCliNames() {
        assertThat(ModelKind.parse("logreg")).isEqualTo(ModelKind.LOGREG);
        assertThat(ModelKind.parse("MLP")).isEqualTo(ModelKind.MLP);
        assertThat(ModelKind.parse("cnn")).isEqualTo(ModelKind.CNN);
        assertThatThrownBy(() -> ModelKind.parse("svm")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model 'svm' (expected one of logreg, mlp, cnn, linreg, mlp-reg)");
    }

    @Test
    void mlpIsTheTwoNNAndLogregOneLinearLayer() {
        assertThat(ModelKind.MLP.spec(rows(64, null))).isEqualTo(ModelSpec.twoNN(64, 2));
        assertThat(ModelKind.LOGREG.spec(rows(64, null))).isEqualTo(ModelSpec.logisticRegression(64, 2));
    }

    @Test
    void cnnUsesTheImageShapeOrASquareRow() {
        assertThat(ModelKind.CNN.spec(rows(784, new int[] {28, 28}))).isEqualTo(ModelSpec.cnn(1, 28, 28, 2));
        assertThat(ModelKind.CNN.spec(rows(8 * 12, new int[] {8, 12}))).isEqualTo(ModelSpec.cnn(1, 8, 12, 2));
        assertThat(ModelKind.CNN.spec(rows(64, null))).isEqualTo(ModelSpec.cnn(1, 8, 8, 2));
        assertThatThrownBy(() -> ModelKind.CNN.spec(rows(13, null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("13 features");
    }
}
