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
        assertThat(ModelKind.parse("linreg")).isEqualTo(ModelKind.LINREG);
        assertThat(ModelKind.parse("MLP-REG")).isEqualTo(ModelKind.MLP_REG);
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

    @Test
    void cnnTakesTheChannelsOfAChannelsHeightWidthImageShape() {
        assertThat(ModelKind.CNN.spec(rows(3 * 16 * 16, new int[] {3, 16, 16}))).isEqualTo(ModelSpec.cnn(3, 16, 16, 2));
        assertThat(ModelKind.CNN.spec(rows(3 * 16 * 16, new int[] {3, 16, 16})).parameterShapes().get("0.weight")).containsExactly(32, 3, 5, 5);
    }

    @Test
    void regressorsPredictInTheTrainingTargetsUnits() {
        LabeledDataset d = new LabeledDataset("r", new float[4], new int[] {0, 1}, 2, 10, null, null, new float[] {10f, 30f});
        ModelSpec spec = ModelKind.LINREG.spec(new DatasetSplit(d, d));
        assertThat(spec.isRegression()).isTrue();
        assertThat(spec.layerSizes()).containsExactly(2, 1);
        assertThat(spec.targetScale()).isEqualTo(new ModelSpec.TargetScale(20, 10));
        assertThat(spec.targetScale().toTarget(spec.targetScale().standardize(25f))).isEqualTo(25f);
        assertThat(ModelKind.MLP_REG.spec(new DatasetSplit(d, d)).layerSizes()).containsExactly(2, 64, 64, 1);
        assertThatThrownBy(() -> new ModelSpec(ModelSpec.REGRESSOR, 2, new int[0], 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one output");
        assertThatThrownBy(() -> ModelSpec.twoNN(2, 3).withTargetScale(ModelSpec.TargetScale.IDENTITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classifier");
    }
}
