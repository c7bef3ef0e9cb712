package dev.closedform.iv;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.train.TrainingDivergedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** DFIV's stage solves see non-finite features as divergence, before a factorisation can fail on them. */
class DfivDivergenceTest {

    @ParameterizedTest
    @EnumSource(value = DfivMethod.class, names = {"CF_PROX", "DFIV_BATCH", "DFIV_FULL"})
    void aHugeLearningRateIsReportedAsDivergence(DfivMethod method) {
        DfivConfig config = DfivConfig.builder().setMethod(method).optEpochs(20).optBatchSize(100)
                .optLearningRate(1e12).optInstrumentBatchNorm(false).optCovariateBatchNorm(false).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> DfivTrainer.train(IvTestData.generate(400, 1), config, null).model().close());
        String m = e.getMessage();
        assertTrue(m.matches("diverged at epoch \\d+(, step \\d+)?: .*: lower the learning rate"), m);
    }
}
