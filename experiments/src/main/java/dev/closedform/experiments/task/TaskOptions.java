package dev.closedform.experiments.task;

import dev.closedform.data.FieldNormalizer;
import java.nio.file.Path;
import java.util.List;

/**
 * What a user may say about a task's data; every field is optional ({@code null}: the task's own
 * default, listed by {@link Tasks}). A task refuses options that do not apply to it, naming them, so a
 * misplaced option is never ignored silently.
 *
 * @param data            tabular file (csv task), field file (operator tasks) or image folder
 * @param targets         target columns of a table, by name or 0-based index
 * @param testFile        a separate table of test rows
 * @param testFraction    share of {@code data} held out when there is no {@code testFile}
 * @param standardize     standardise inputs and targets of a table with training statistics
 * @param trainRows       rows (friedman) or images (image tasks) for training
 * @param testRows        rows or images for testing
 * @param noise           friedman: noise standard deviation
 * @param nTrain          operator tasks: training samples
 * @param nTest           operator tasks: test samples
 * @param resolution      operator tasks: grid points per axis generated
 * @param sub             operator tasks: keep every sub-th grid point per axis
 * @param fnoWidth        operator tasks: FNO channels
 * @param fnoModes        operator tasks: Fourier modes per axis
 * @param fnoLayers       operator tasks: Fourier layers
 * @param inputNormalization  operator tasks: how inputs are normalised
 * @param targetNormalization operator tasks: how targets are normalised
 * @param targetValue     image tasks: value of the true class in the one-hot target
 * @param classWeight     image tasks: loss weight of the true class
 */
public record TaskOptions(Path data, List<String> targets, Path testFile, Double testFraction, Boolean standardize,
                          Integer trainRows, Integer testRows, Double noise,
                          Integer nTrain, Integer nTest, Integer resolution, Integer sub,
                          Integer fnoWidth, Integer fnoModes, Integer fnoLayers,
                          FieldNormalizer.Mode inputNormalization, FieldNormalizer.Mode targetNormalization,
                          Double targetValue, Double classWeight) {

    public TaskOptions {
        targets = targets == null ? null : List.copyOf(targets);
    }

    /** Nothing said: every task default. */
    public static TaskOptions none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All options are optional ({@code optX}). */
    public static final class Builder {
        private Path data;
        private List<String> targets;
        private Path testFile;
        private Double testFraction;
        private Boolean standardize;
        private Integer trainRows;
        private Integer testRows;
        private Double noise;
        private Integer nTrain;
        private Integer nTest;
        private Integer resolution;
        private Integer sub;
        private Integer fnoWidth;
        private Integer fnoModes;
        private Integer fnoLayers;
        private FieldNormalizer.Mode inputNormalization;
        private FieldNormalizer.Mode targetNormalization;
        private Double targetValue;
        private Double classWeight;

        public Builder optData(Path v) { data = v; return this; }
        public Builder optTargets(List<String> v) { targets = v; return this; }
        public Builder optTestFile(Path v) { testFile = v; return this; }
        public Builder optTestFraction(Double v) { testFraction = v; return this; }
        public Builder optStandardize(Boolean v) { standardize = v; return this; }
        public Builder optTrainRows(Integer v) { trainRows = v; return this; }
        public Builder optTestRows(Integer v) { testRows = v; return this; }
        public Builder optNoise(Double v) { noise = v; return this; }
        public Builder optNTrain(Integer v) { nTrain = v; return this; }
        public Builder optNTest(Integer v) { nTest = v; return this; }
        public Builder optResolution(Integer v) { resolution = v; return this; }
        public Builder optSub(Integer v) { sub = v; return this; }
        public Builder optFnoWidth(Integer v) { fnoWidth = v; return this; }
        public Builder optFnoModes(Integer v) { fnoModes = v; return this; }
        public Builder optFnoLayers(Integer v) { fnoLayers = v; return this; }
        public Builder optInputNormalization(FieldNormalizer.Mode v) { inputNormalization = v; return this; }
        public Builder optTargetNormalization(FieldNormalizer.Mode v) { targetNormalization = v; return this; }
        public Builder optTargetValue(Double v) { targetValue = v; return this; }
        public Builder optClassWeight(Double v) { classWeight = v; return this; }

        public TaskOptions build() {
            return new TaskOptions(data, targets, testFile, testFraction, standardize, trainRows, testRows, noise, nTrain,
                    nTest, resolution, sub, fnoWidth, fnoModes, fnoLayers, inputNormalization, targetNormalization,
                    targetValue, classWeight);
        }
    }
}
