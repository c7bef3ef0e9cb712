package dev.closedform.spark;

import dev.closedform.head.DenseMatrix;
import dev.closedform.model.LastLayerModel;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained model as values Spark can broadcast: how to build the backbone and the parameters to
 * load into it. Executors rebuild the model from it to compute features of their partitions.
 *
 * @param head row-major {@code W} (outputs x head features)
 */
public record ModelState(BackboneFactory backbone, int outputs, boolean bias, Map<String, float[]> parameters,
                         double[] head) implements Serializable {

    public static ModelState of(SparkResult result, BackboneFactory backbone, boolean bias) {
        return new ModelState(backbone, result.head().rows(), bias, new LinkedHashMap<>(result.backbone()),
                result.head().data().clone());
    }

    /** A fresh model with these parameters; the caller closes it. */
    public LastLayerModel build() {
        LastLayerModel model = Replica.build(backbone, outputs, bias, 0);
        model.backboneParameters().forEach((name, array) -> {
            float[] values = parameters.get(name);
            if (values == null || values.length != array.size()) {
                model.close();
                throw new IllegalArgumentException("the saved parameters have no array '" + name + "' of " + array.size() + " values");
            }
            array.set(FloatBuffer.wrap(values));
        });
        model.setHead(DenseMatrix.of(outputs, model.headFeatureDim(), head.clone()));
        return model;
    }
}
