package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.train.OptimizerKind;
import dev.closedform.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --lr}, {@code --optimizer} and {@code --lr-schedule} take one value for all methods or a method=value list. */
class PerMethodOptionsTest {

    /** The train command's options as parsed (its --method and --out are placeholders). */
    private static Parsed parse(String... args) {
        TrainCommand command = new TrainCommand();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--method", "sgd", "--out", "unused")).toArray(String[]::new);
        new CommandLine(command).parseArgs(all);
        return new Parsed(command);
    }

    /** The configuration of a method spec at a batch size and seed, as train would build it. */
    private record Parsed(TrainCommand command) {
        TrainingConfig buildConfig(String methodSpec, int batchSize, long seed) {
            return command.config(methodSpec).toBuilder().optBatchSize(batchSize).optSeed(seed).build();
        }
    }

    @Test
    void oneValueAppliesToEveryMethod() {
        Parsed o = parse("--optimizer", "momentum", "--lr", "0.05");
        for (String method : new String[] {"sgd", "cf-prox"}) {
            TrainingConfig c = o.buildConfig(method, 8, 1);
            assertEquals(OptimizerKind.MOMENTUM, c.optimizer(), method);
            assertEquals(0.05, c.learningRate(), 0.0, method);
        }
    }

    @Test
    void listsSetNamedMethodsAndLeaveTheOthersAtTheirDefaults() {
        Parsed o = parse("--optimizer", "cf-prox=adam,cf-ridge=momentum", "--lr", "cf-prox=3e-4,sgd=0.2");
        TrainingConfig prox = o.buildConfig("cf-prox", 8, 1);
        assertEquals(OptimizerKind.ADAM, prox.optimizer());
        assertEquals(3e-4, prox.learningRate(), 0.0);
        assertEquals(OptimizerKind.MOMENTUM, o.buildConfig("cf-ridge", 8, 1).optimizer());
        TrainingConfig sgd = o.buildConfig("sgd", 8, 1);
        assertEquals(OptimizerKind.SGD, sgd.optimizer());
        assertEquals(0.2, sgd.learningRate(), 0.0);
        TrainingConfig adam = o.buildConfig("adam", 8, 1);
        assertEquals(OptimizerKind.ADAM, adam.optimizer());
        assertEquals(TrainingConfig.builder().setMethod("adam").build().learningRate(), adam.learningRate(), 0.0);
    }

    @Test
    void malformedListsNameTheOptionAndThePart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--optimizer", "cf-prox=adam,sgd").buildConfig("sgd", 8, 1));
        assertTrue(e.getMessage().contains("--optimizer") && e.getMessage().contains("'sgd'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--lr", "cf-prox=fast").buildConfig("cf-prox", 8, 1));
        assertTrue(e.getMessage().contains("--lr") && e.getMessage().contains("fast"), e.getMessage());
    }

    @Test
    void methodAtOptimizerPicksTheBackboneOptimiserAndSpecificEntriesWin() {
        Parsed o = parse("--optimizer", "momentum", "--lr", "cf-prox=0.2,cf-prox@adam=3e-4");
        TrainingConfig plain = o.buildConfig("cf-prox", 8, 1);
        assertEquals(OptimizerKind.MOMENTUM, plain.optimizer());
        assertEquals(0.2, plain.learningRate(), 0.0);
        TrainingConfig adam = o.buildConfig("cf-prox@adam", 8, 1);
        assertEquals("cf-prox", adam.method().label());
        assertEquals(OptimizerKind.ADAM, adam.optimizer());
        assertEquals(3e-4, adam.learningRate(), 0.0);
        // without a specific entry the method's entry applies
        assertEquals(0.2, parse("--lr", "cf-prox=0.2").buildConfig("cf-prox@adam", 8, 1).learningRate(), 0.0);
        for (String bad : new String[] {"cf-prox@", "@adam", "cf-prox@adam@sgd"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.buildConfig(bad, 8, 1));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.buildConfig("cf-prox@lbfgs", 8, 1));
        assertTrue(e.getMessage().contains("lbfgs"), e.getMessage());
    }

    @Test
    void schedulesOneOrPerMethod() {
        Parsed one = parse("--lr-schedule", "cosine");
        for (String method : new String[] {"sgd", "adam", "cf-prox@adam"}) {
            assertEquals("cosine", one.buildConfig(method, 8, 1).schedule().label(), method);
        }
        Parsed per = parse("--lr-schedule", "adam=cosine,cf-prox@adam=step:2:0.5");
        assertEquals("cosine", per.buildConfig("adam", 8, 1).schedule().label());
        assertEquals(dev.closedform.train.LearningRateSchedule.parse("step:2:0.5"), per.buildConfig("cf-prox@adam", 8, 1).schedule());
        assertEquals("constant", per.buildConfig("sgd", 8, 1).schedule().label());
        assertEquals("constant", per.buildConfig("cf-prox", 8, 1).schedule().label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--lr-schedule", "adam=wobbly").buildConfig("adam", 8, 1));
        assertTrue(e.getMessage().contains("--lr-schedule") && e.getMessage().contains("wobbly"), e.getMessage());
    }

    @Test
    void convolutionalBackbonesDefaultToTheOnePassOrderAndAnExplicitOrderWins() {
        assertEquals(dev.closedform.train.UpdateOrder.BACKBONE_FIRST, parse().buildConfig("cf-prox", 8, 1).updateOrder());
        assertEquals(dev.closedform.train.UpdateOrder.LAST_LAYER_FIRST, parse("--model", "cnn").buildConfig("cf-prox", 8, 1).updateOrder());
        assertEquals(dev.closedform.train.UpdateOrder.LAST_LAYER_FIRST, parse("--model", "resnet").buildConfig("cf-prox", 8, 1).updateOrder());
        assertEquals(dev.closedform.train.UpdateOrder.BACKBONE_FIRST,
                parse("--model", "cnn", "--order", "backbone-first").buildConfig("cf-prox", 8, 1).updateOrder());
    }
}
