package dev.closedform.cli;

import dev.closedform.testing.Oracles;
import dev.closedform.experiments.iv.DemandSweep;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closedform.data.NpyArray;
import dev.closedform.data.Npz;
import dev.closedform.experiments.iv.DemandDesign;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data demand}, {@code train --task iv} and {@code compare --task demand}. */
class IvCliTest {

    @TempDir
    Path tmp;

    @Test
    void dataDemandWritesTheGeneratedArrays() throws Exception {
        Path f = tmp.resolve("d.npz");
        Cli.Result r = Cli.run("iv", "data", "--n", "50", "--rho", "0.3", "--seed", "4", "--out", f.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        Map<String, NpyArray> a = Npz.read(f);
        assertEquals(List.of("p", "t", "s", "c", "y"), List.copyOf(a.keySet()));
        DemandDesign.Sample s = DemandDesign.generate(50, 0.3, 4);
        assertArrayEquals(s.p(), (double[]) a.get("p").data(), 0);
        assertArrayEquals(s.y(), (double[]) a.get("y").data(), 0);
        assertArrayEquals(s.c(), (double[]) a.get("c").data(), 0);
        assertArrayEquals(new long[] {50}, a.get("s").shape());
    }

    @Test
    void trainIvWithLinearFeaturesWritesRidge2slsPredictionsForTheGrid() throws Exception {
        int n = 300;
        Random r = new Random(3);
        double[][] rows = new double[n][];
        StringBuilder csv = new StringBuilder("y,junk,x,z,w\n");
        for (int i = 0; i < n; i++) {
            double z = r.nextGaussian();
            double w = r.nextGaussian();
            double v = r.nextGaussian();
            double x = 0.7 + z + 0.4 * w + v + 1e-3 * Math.PI;
            double y = 1 + 2 * x - w + 0.5 * x * w + v + 0.3 * r.nextGaussian();
            rows[i] = new double[] {y, x, z, w};
            csv.append(String.format(Locale.ROOT, "%.17g,%d,%.17g,%.17g,%.17g%n", y, i, x, z, w));
        }
        Path data = tmp.resolve("iv.csv");
        Files.writeString(data, csv);
        Path grid = tmp.resolve("grid.csv");
        Files.writeString(grid, "w,x\n0.5,-1\n-1.25,0.3\n2,2.5\n");
        Path out = tmp.resolve("run");
        Cli.Result res = Cli.run("iv", "train", "--data", data.toString(), "--outcome", "y", "--treatment", "x",
                "--instruments", "z", "--covariates", "w", "--features", "linear", "--split", "none", "--ridge1", "0.2",
                "--ridge2", "0.01", "--grid", grid.toString(), "--out", out.toString());
        assertEquals(0, res.exitCode(), res.transcript());
        // independent ridge 2SLS: stage 1 x ~ [1, w, z] (covariates instrument themselves), stage 2 y ~ [1, w, xhat, xhat w]
        double[][] a1 = new double[n][];
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            a1[i] = new double[] {1, rows[i][3], rows[i][2]};
            x[i] = rows[i][1];
            y[i] = rows[i][0];
        }
        double[] g = Oracles.ridge(a1, x, 0.2);
        double[][] a2 = new double[n][];
        for (int i = 0; i < n; i++) {
            double xh = g[0] + g[1] * rows[i][3] + g[2] * rows[i][2];
            a2[i] = new double[] {1, rows[i][3], xh, xh * rows[i][3]};
        }
        double[] b = Oracles.ridge(a2, y, 0.01);
        List<String> lines = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals("w,x,prediction", lines.get(0));
        double[][] pts = {{0.5, -1}, {-1.25, 0.3}, {2, 2.5}};
        for (int k = 0; k < 3; k++) {
            double[] cells = Arrays.stream(lines.get(k + 1).split(",")).mapToDouble(Double::parseDouble).toArray();
            assertEquals(pts[k][0], cells[0], 0);
            assertEquals(pts[k][1], cells[1], 0);
            double w = pts[k][0];
            double xv = pts[k][1];
            double expected = b[0] + b[1] * w + b[2] * xv + b[3] * xv * w;
            assertEquals(expected, cells[2], 1e-9 * Math.abs(expected), "grid point " + k);
        }
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals("dfiv-full", run.get("method").asText());
        assertEquals("linear", run.get("config").get("features").asText());
        assertEquals("[\"z\",\"w\"]", run.get("data").get("instruments").toString());
    }

    @Test
    void batchNormCanBeSwitchedOffAndTheRunRecordsIt() throws Exception {
        StringBuilder csv = new StringBuilder("y,x,z,w\n");
        Random r = new Random(7);
        for (int i = 0; i < 80; i++) {
            double z = r.nextGaussian();
            double w = r.nextGaussian();
            double x = z + w + r.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f%n", 2 * x - w + r.nextGaussian(), x, z, w));
        }
        Path data = tmp.resolve("bn.csv");
        Files.writeString(data, csv);
        Path grid = tmp.resolve("bn-grid.csv");
        Files.writeString(grid, "w,x\n0.5,-1\n");
        for (String mode : new String[] {"on", "off"}) {
            Path out = tmp.resolve("bn-" + mode);
            Cli.Result res = Cli.run("iv", "train", "--data", data.toString(), "--outcome", "y", "--treatment", "x",
                    "--instruments", "z", "--covariates", "w", "--treatment-hidden", "4,1", "--instrument-hidden", "8,4",
                    "--covariate-hidden", "8,4", "--epochs", "1", "--batch-norm", mode, "--lr-schedule", "cosine",
                    "--grid", grid.toString(), "--out", out.toString());
            assertEquals(0, res.exitCode(), res.transcript());
            JsonNode cfg = new ObjectMapper().readTree(out.resolve("run.json").toFile()).get("config");
            String model = cfg.get("model").asText();
            assertEquals(mode.equals("on"), model.contains("+BN"), model);
            assertEquals("cosine", cfg.get("lr_schedule").asText());
        }
    }

    @Test
    void trainIvRejectsMissingGridAndUnknownColumns() throws Exception {
        Path data = tmp.resolve("iv.csv");
        Files.writeString(data, "y,x,z\n1,2,3\n2,3,5\n3,1,2\n");
        Cli.Result noGrid = Cli.run("iv", "train", "--data", data.toString(), "--outcome", "y", "--treatment", "x",
                "--instruments", "z", "--out", tmp.resolve("o").toString());
        assertEquals(Main.USAGE, noGrid.exitCode(), noGrid.transcript());
        assertTrue(noGrid.err().contains("--grid"), noGrid.transcript());
        Files.writeString(tmp.resolve("g.csv"), "x\n1\n");
        Cli.Result badCol = Cli.run("iv", "train", "--data", data.toString(), "--outcome", "y", "--treatment", "x",
                "--instruments", "q", "--grid", tmp.resolve("g.csv").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(Main.USAGE, badCol.exitCode(), badCol.transcript());
        assertTrue(badCol.err().contains("no column 'q'"), badCol.transcript());
    }

    @Test
    void compareDemandReportsMedianAndIqrPerCellAndMethod() throws Exception {
        Path out = tmp.resolve("cmp");
        Cli.Result r = Cli.run("iv", "compare", "--n", "120", "--rho", "0.25,0.75", "--seeds", "3",
                "--methods", "dfiv-batch,cf-prox", "--epochs", "1", "--batch-size", "30", "--treatment-hidden", "4,1",
                "--instrument-hidden", "8", "--covariate-hidden", "4", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
        assertEquals(1 + 2 * 3 * 2, runs.size());
        double[] mse = runs.stream().skip(1).map(l -> l.split(","))
                .filter(c -> c[1].equals("0.75") && c[2].equals("cf-prox"))
                .mapToDouble(c -> Double.parseDouble(c[4])).sorted().toArray();
        assertEquals(3, mse.length);
        String summary = Files.readString(out.resolve("dfiv-summary.md"));
        assertTrue(summary.contains("`closedform iv compare --n 120"), summary);
        String row = summary.lines().filter(l -> l.startsWith("| n=120, rho=0.75 | cf-prox |")).findFirst().orElseThrow();
        // median of three = middle value; IQR endpoints interpolate (NumPy): q25 = (v0 + v1) / 2
        assertTrue(row.contains(String.format(Locale.ROOT, "| %.1f | %.1f-%.1f |", mse[1], (mse[0] + mse[1]) / 2,
                (mse[1] + mse[2]) / 2)), row + " vs " + Arrays.toString(mse));
        assertTrue(Files.exists(out.resolve("summary.json")));
        assertTrue(Files.exists(out.resolve("report.md")));
    }

    /**
     * Real data (scikit-learn's Boston housing, installed by .ci/run): the effect of air pollution (NOX) on
     * house prices (MEDV), instrumented by distance to employment centres and highway access (DIS, RAD), with rooms
     * (RM) as exogenous covariate. Linear features, all rows in both stages, ridge 1e-8: classical 2SLS, checked
     * against an independent normal-equations 2SLS in double at every data row.
     */
    @Test
    void linearFeaturesReproduceTwoStageLeastSquaresOnRealData() throws Exception {
        String env = System.getenv("CLOSEDFORM_SKLEARN_DATA");
        Path base = Path.of(env != null ? env : "/usr/lib/python3/dist-packages/sklearn/datasets/data");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(base.resolve("boston_house_prices.csv")),
                "scikit-learn's boston_house_prices.csv not installed (.ci/run installs it)");
        List<String> lines = Files.readAllLines(base.resolve("boston_house_prices.csv"));
        // line 0 is scikit-learn's "506,13" preamble; line 1 the quoted header
        String header = lines.get(1).replace("\"", "");
        List<String> names = List.of(header.split(","));
        double[][] rows = lines.subList(2, lines.size()).stream().filter(l -> !l.isBlank())
                .map(l -> Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray()).toArray(double[][]::new);
        assertEquals(506, rows.length);
        Path data = tmp.resolve("boston.csv");
        Files.writeString(data, header + "\n" + String.join("\n", lines.subList(2, lines.size())) + "\n");
        int nox = names.indexOf("NOX");
        int rm = names.indexOf("RM");
        int dis = names.indexOf("DIS");
        int rad = names.indexOf("RAD");
        int medv = names.indexOf("MEDV");
        StringBuilder grid = new StringBuilder("NOX,RM\n");
        for (double[] row : rows) {
            grid.append(row[nox]).append(',').append(row[rm]).append('\n');
        }
        Path gridFile = tmp.resolve("boston-grid.csv");
        Files.writeString(gridFile, grid);
        Path out = tmp.resolve("boston-2sls");
        Cli.Result res = Cli.run("iv", "train", "--data", data.toString(), "--outcome", "MEDV", "--treatment", "NOX",
                "--instruments", "DIS,RAD", "--covariates", "RM", "--features", "linear", "--split", "none",
                "--ridge1", "1e-8", "--ridge2", "1e-8", "--grid", gridFile.toString(), "--out", out.toString());
        assertEquals(0, res.exitCode(), res.transcript());
        int n = rows.length;
        double[][] a1 = new double[n][];
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            a1[i] = new double[] {1, rows[i][rm], rows[i][dis], rows[i][rad]};
            x[i] = rows[i][nox];
            y[i] = rows[i][medv];
        }
        double[] g = Oracles.ridge(a1, x, 1e-8);
        double[][] a2 = new double[n][];
        for (int i = 0; i < n; i++) {
            double xh = g[0] + g[1] * rows[i][rm] + g[2] * rows[i][dis] + g[3] * rows[i][rad];
            a2[i] = new double[] {1, rows[i][rm], xh, xh * rows[i][rm]};
        }
        double[] b = Oracles.ridge(a2, y, 1e-8);
        List<String> pred = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals(n + 1, pred.size());
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double[] cells = Arrays.stream(pred.get(i + 1).split(",")).mapToDouble(Double::parseDouble).toArray();
            double xv = rows[i][nox];
            double w = rows[i][rm];
            double expected = b[0] + b[1] * w + b[2] * xv + b[3] * xv * w;
            worst = Math.max(worst, Math.abs(cells[2] - expected) / Math.abs(expected));
        }
        assertTrue(worst < 1e-6, "largest relative difference to 2SLS " + worst);
    }

    @Test
    void badValuesOfTheDfivVariantOptionsNameTheOptionAndTheValue() {
        String[][] bad = {{"--final-weights", "average"}, {"--prox-metric", "full"}, {"--order", "sideways"},
            {"--memory", "0.5"}, {"--batch-norm", "maybe"}};
        for (String[] b : bad) {
            Cli.Result r = Cli.run("iv", "compare", "--n", "60", "--seeds", "1", "--methods", "cf-rls",
                    "--epochs", "1", b[0], b[1], "--out", tmp.resolve("bad").toString());
            assertEquals(Main.USAGE, r.exitCode(), r.transcript());
            assertTrue(r.err().contains(b[0]) && r.err().contains(b[1]), r.transcript());
        }
    }

    @Test
    void methodsWithoutRefitAreReadOffTheirRefitRun() {
        assertEquals(List.of("dfiv-batch-refit", "dfiv-batch", "cf-prox-refit", "cf-prox"),
                DemandSweep.trainingOrder(List.of("dfiv-batch", "cf-prox", "dfiv-batch-refit", "cf-prox-refit")));
        assertEquals(List.of("cf-prox", "dfiv-batch"), DemandSweep.trainingOrder(List.of("cf-prox", "dfiv-batch")));
        assertEquals("cf-prox-refit", DemandSweep.readOffRefit("cf-prox", List.of("cf-prox", "cf-prox-refit")));
        assertEquals(null, DemandSweep.readOffRefit("cf-prox", List.of("cf-prox", "dfiv-batch-refit")));
    }

    @Test
    void quantilesInterpolateLikeNumpy() {
        double[] v = {1, 2, 3, 4};
        assertEquals(1.75, DemandSweep.quantile(v, 0.25), 1e-15);
        assertEquals(2.5, DemandSweep.quantile(v, 0.5), 1e-15);
        assertEquals(3.25, DemandSweep.quantile(v, 0.75), 1e-15);
        assertEquals(7, DemandSweep.quantile(new double[] {7}, 0.25), 0);
    }
}
