package dev.closedform.engine;

import ai.djl.engine.Engine;
import dev.closedform.ReadmeExample;
import dev.closedform.iv.DfivConfig;
import dev.closedform.iv.DfivMethod;
import dev.closedform.iv.DfivTrainer;
import dev.closedform.head.DenseMatrix;
import dev.closedform.iv.IvData;
import java.util.List;
import java.util.Random;

/**
 * The program {@link OfflineTest} starts in a child JVM without any DJL flag: it installs the
 * {@link ConnectionRecorder}, uses the library one way ({@code args[0]}), then prints every
 * connection attempt ({@code attempt HOST:PORT}) and {@code done}.
 */
public final class OfflineProbe {

    private OfflineProbe() {}

    public static void main(String[] args) throws Exception {
        ConnectionRecorder.install();
        switch (args[0]) {
            // the README's example: a DJL block as backbone, LastLayerModel, TrainingLoop
            case "readme" -> System.out.println("test MSE " + ReadmeExample.train().finalTestMetric());
            case "dfiv" -> {
                DfivConfig config = DfivConfig.builder().setMethod(DfivMethod.CF_PROX).optEpochs(1).optBatchSize(50)
                        .optTreatmentHidden("4,1").optInstrumentHidden("8,4").optCovariateHidden("8,4").build();
                try (var result = DfivTrainer.train(ivData(200), config, null).model()) {
                    System.out.println("dfiv trained");
                }
            }
            // the control: DJL's engine first, before any class of the library
            case "engine-first" -> System.out.println("engine " + Engine.getInstance().getEngineName());
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.println("ai.djl.offline=" + System.getProperty("ai.djl.offline")
                + " OPT_OUT_TRACKING=" + System.getProperty("OPT_OUT_TRACKING"));
        for (String a : ConnectionRecorder.attempts()) {
            System.out.println("attempt " + a);
        }
        System.out.println("done");
    }

    /** A linear IV problem: treatment x driven by instrument z and the confounder v, covariate w. */
    private static IvData ivData(int n) {
        Random r = new Random(1);
        DenseMatrix x = DenseMatrix.zeros(n, 1);
        DenseMatrix z = DenseMatrix.zeros(n, 2);
        DenseMatrix w = DenseMatrix.zeros(n, 1);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double v = r.nextGaussian();
            z.set(i, 0, r.nextGaussian());
            w.set(i, 0, r.nextGaussian());
            z.set(i, 1, w.get(i, 0));
            x.set(i, 0, z.get(i, 0) + v);
            y[i] = 2 * x.get(i, 0) - w.get(i, 0) + v;
        }
        return new IvData(x, z, w, y, List.of("x"), List.of("z", "w"), List.of("w"), "y");
    }
}
