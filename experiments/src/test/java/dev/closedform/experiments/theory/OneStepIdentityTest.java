package dev.closedform.experiments.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.task.FriedmanTask;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import dev.closedform.train.Method;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import org.junit.jupiter.api.Test;

class OneStepIdentityTest {

    private static final OneStepConfig SMALL = OneStepConfig.builder().optHidden(8).optTrainRows(96).optEpochs(2)
            .optBatches(2).build();

    @Test
    void identityHoldsOnTrainingStatesAndTheClosedFormStepIsNeverWorse() {
        OneStepResult r = OneStepIdentity.run(SMALL);
        assertEquals(2 * (SMALL.epochs() + 1), r.states().size());
        assertTrue(r.maxIdentityError() < 1e-10, "identity error " + r.maxIdentityError());
        assertTrue(r.maxGapError() < 1e-8, "step gap error " + r.maxGapError());
        assertEquals(r.states().size(), r.cfNotWorse());
        for (OneStepResult.StateCheck s : r.states()) {
            assertTrue(s.identityExcess() > 0, s.method() + " epoch " + s.epoch() + ": W is exactly W*?");
            assertTrue(s.headSgdDecrease() <= s.measuredExcess(), "an SGD head step cannot beat the exact head");
        }
    }

    /** The inspections take trial steps and put the backbone back: training must not notice them. */
    @Test
    void inspectingAStateLeavesTrainingUnchanged() {
        OneStepResult r = OneStepIdentity.run(SMALL);
        PreparedData data = new FriedmanTask(SMALL.trainRows(), 512, 1.0, true).prepare(SMALL.seed());
        for (Method method : new Method[] {Method.SGD, Method.CF_PROX}) {
            TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(SMALL.epochs())
                    .optBatchSize(SMALL.batchSize()).optLearningRate(SMALL.learningRate()).optRidge(SMALL.beta())
                    .optProx(SMALL.prox()).optSeed(SMALL.seed()).build();
            try (LastLayerModel model = new LastLayerModel(Mlp.build(data.train().inputDim(), SMALL.hidden(), Activation.RELU),
                    1, true, SMALL.seed())) {
                TrainingResult plain = new TrainingLoop(config).fit(model, data.train(), data.test(), data.metric());
                OneStepResult.StateCheck last = r.states().stream()
                        .filter(s -> s.method().equals(method.label()) && s.epoch() == SMALL.epochs()).findFirst().orElseThrow();
                // the inspected run's final L(W) (with the ridge) against the uninspected run's data term plus ridge
                double ridge = SMALL.beta() * Math.pow(model.head().frobeniusNorm(), 2);
                assertEquals(plain.finalTrainLoss() + ridge, last.loss(), 1e-6, method.label());
            }
        }
    }
}
