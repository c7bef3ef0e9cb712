package dev.closedform.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.train.Method;
import dev.closedform.train.OptimizerKind;
import dev.closedform.train.StepPhase;
import dev.closedform.train.UpdateOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic on made-up rounds, and its method specs. */
class StepBenchMathTest {

    /** One round: wall ms, then thread CPU ms per phase (backbone, 2nd forward, statistics, solve). */
    private static RoundTime round(double wall, double... cpu) {
        return new RoundTime(wall, cpu.clone(), cpu.clone(), cpu[0] + cpu[1] + cpu[2] + cpu[3], cpu.clone());
    }

    @Test
    void ratiosAreMediansOfPerRoundRatiosAndPartsAddUpToThem() {
        // the machine slows down over the rounds: the per-round ratio stays 1.5, a ratio of medians would not
        MethodTiming base = new MethodTiming(BenchMethod.parse("sgd"), List.of(
                round(2, 2, 0, 0, 0), round(4, 4, 0, 0, 0), round(8, 8, 0, 0, 0)));
        MethodTiming cf = new MethodTiming(BenchMethod.parse("cf-prox"), List.of(
                round(3, 2, 0.6, 0.2, 0.2), round(10, 4, 1.2, 0.4, 0.4), round(12, 8, 2.4, 0.8, 0.8)));
        assertEquals(1.5, cf.cpuRatio(base), 1e-12);
        assertEquals(1.5, cf.wallRatio(base), 1e-12); // rounds 1.5, 2.5, 1.5 (the ratio of medians is 10 / 4)
        assertEquals(1.5, cf.minWallRatio(base), 1e-12);
        assertEquals(2.5, cf.maxWallRatio(base), 1e-12);
        assertEquals(10, cf.medianWallMs(), 1e-12);
        assertEquals(1.0, cf.part(StepPhase.BACKBONE_STEP, base, true), 1e-12);
        assertEquals(0.3, cf.part(StepPhase.SECOND_FORWARD, base, true), 1e-12);
        double sum = 0;
        for (StepPhase p : StepPhase.values()) {
            sum += cf.part(p, base, true);
        }
        assertEquals(cf.cpuRatio(base), sum, 1e-12);
        assertEquals(1.5, cf.quietCpuRatio(base), 1e-12);
    }

    @Test
    void methodSpecsCarryOptimiserAndOrder() {
        BenchMethod plain = BenchMethod.parse(" cf-prox ");
        assertEquals(Method.CF_PROX, plain.method());
        assertNull(plain.optimizer());
        assertNull(plain.order());
        BenchMethod both = BenchMethod.parse("cf-prox@adam:last-layer-first");
        assertEquals(OptimizerKind.ADAM, both.optimizer());
        assertEquals(UpdateOrder.LAST_LAYER_FIRST, both.order());
        assertEquals("cf-prox@adam:last-layer-first", both.spec());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchMethod.parse("cf-prox:sideways"));
        assertTrue(e.getMessage().startsWith("methods: 'cf-prox:sideways'") && e.getMessage().contains("last-layer-first"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BenchMethod.parse("cf-prox@"));
        assertTrue(e.getMessage().contains("METHOD[@OPTIMIZER][:ORDER]"), e.getMessage());
    }

    @Test
    void configurationErrorsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepBenchConfig.builder().optRounds(1).build());
        assertTrue(e.getMessage().startsWith("rounds must be >= 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BenchModel.parse("vgg"));
        assertTrue(e.getMessage().startsWith("model: expected mlp, cnn, resnet, fno1d or fno2d, got 'vgg'"), e.getMessage());
    }
}
