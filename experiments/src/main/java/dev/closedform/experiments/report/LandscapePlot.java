package dev.closedform.experiments.report;

import dev.closedform.experiments.landscape.LandscapeResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figure 1 as one PNG: left, a heatmap of {@code log10 L(W, theta)} with iso-lines and the curve
 * {@code W*(theta)}; right, {@code L*(theta)}. Drawn with Java2D rather than XChart because XChart's
 * heat map cannot overlay a curve or interpolate smoothly.
 */
public final class LandscapePlot {

    public static final int WIDTH = 1400;
    public static final int HEIGHT = 660;
    public static final String TITLE = "Loss landscape of f(x) = W relu(theta x) on three points; curve: W*(theta)";
    public static final String FILE_NAME = "landscape.png";

    private static final Color CURVE = new Color(230, 30, 40);
    private static final Color AXIS = new Color(40, 40, 40);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final int CONTOUR_LEVELS = 12;

    /** Viridis sampled at 0, 0.1, ..., 1: perceptually uniform and readable in grey scale. */
    private static final int[] VIRIDIS = {
        0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725
    };

    static {
        Headless.ensure();
    }

    private LandscapePlot() {}

    /** Renders and writes the PNG atomically; returns {@code file}. */
    public static Path write(LandscapeResult r, Path file) throws IOException {
        CurvePlots.writePng(render(r), file);
        return file;
    }

    /** Renders the figure ({@link #WIDTH} x {@link #HEIGHT}). */
    public static BufferedImage render(LandscapeResult r) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);

            g.setColor(AXIS);
            g.setFont(TITLE_FONT);
            centered(g, TITLE, WIDTH / 2.0, 34);
            g.setFont(SMALL_FONT);
            g.setColor(new Color(90, 90, 90));
            centered(g, subtitle(r), WIDTH / 2.0, 58);

            drawLandscape(g, r, new Rectangle2D.Double(90, 95, 540, 480));
            drawLStar(g, r, new Rectangle2D.Double(830, 95, 530, 480));
        } finally {
            g.dispose();
        }
        return img;
    }

    private static String subtitle(LandscapeResult r) {
        StringBuilder b = new StringBuilder("points (x, y): ");
        for (int i = 0; i < r.x().length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "(%.2f, %.2f)", r.x()[i], r.y()[i]));
        }
        b.append(String.format(Locale.ROOT, "   |   L = mean squared error + beta W^2, beta = %s   |   seed %d",
                trimNum(r.config().beta()), r.config().seed()));
        return b.toString();
    }

    // ------------------------------------------------------------------ left panel

    private static void drawLandscape(Graphics2D g, LandscapeResult r, Rectangle2D area) {
        double[] th = r.thetas();
        double[] ws = r.ws();
        int nt = th.length;
        int nw = ws.length;
        double[][] logL = new double[nt][nw];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nt; i++) {
            for (int j = 0; j < nw; j++) {
                logL[i][j] = Math.log10(Math.max(r.loss()[i][j], 1e-300));
                lo = Math.min(lo, logL[i][j]);
                hi = Math.max(hi, logL[i][j]);
            }
        }
        if (hi - lo < 1e-12) {
            hi = lo + 1; // flat surface: any colour will do, avoid dividing by zero
        }
        Axes ax = new Axes(area, th[0], th[nt - 1], ws[0], ws[nw - 1]);

        // One image pixel per grid point, W increasing upwards; scaled by half a cell beyond the
        // plot area so that pixel centres land exactly on the grid coordinates.
        BufferedImage heat = new BufferedImage(nt, nw, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < nt; i++) {
            for (int j = 0; j < nw; j++) {
                heat.setRGB(i, nw - 1 - j, viridis((logL[i][j] - lo) / (hi - lo)));
            }
        }
        double cw = area.getWidth() / (nt - 1);
        double ch = area.getHeight() / (nw - 1);
        Shape oldClip = g.getClip();
        g.clip(area);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform at = new AffineTransform();
        at.translate(area.getX() - cw / 2, area.getY() - ch / 2);
        at.scale(cw, ch);
        g.drawImage(heat, at, null);

        // Iso-lines make the valley's shape readable where colours are close.
        g.setColor(new Color(255, 255, 255, 90));
        g.setStroke(new BasicStroke(1f));
        for (double level : niceTicks(lo, hi, CONTOUR_LEVELS)) {
            for (double[] s : isoSegments(th, ws, logL, level)) {
                g.draw(new Line2D.Double(ax.px(s[0]), ax.py(s[1]), ax.px(s[2]), ax.py(s[3])));
            }
        }

        Path2D curve = new Path2D.Double();
        for (int i = 0; i < nt; i++) {
            double y = Math.max(-1e6, Math.min(1e6, ax.py(r.wStar()[i]))); // keep Java2D coordinates sane
            if (i == 0) {
                curve.moveTo(ax.px(th[i]), y);
            } else {
                curve.lineTo(ax.px(th[i]), y);
            }
        }
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(curve);
        g.setColor(CURVE);
        g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(curve);
        g.setClip(oldClip);

        ax.drawFrame(g, "theta", "W", "L(W, theta), colour: log10 L");

        // Legend for the curve, in the top-left corner of the plot.
        double lx = area.getX() + 12;
        double ly = area.getY() + 12;
        g.setFont(SMALL_FONT);
        FontMetrics fm = g.getFontMetrics();
        String text = "W*(theta) = argmin_W L(W, theta)";
        g.setColor(new Color(255, 255, 255, 225));
        g.fill(new Rectangle2D.Double(lx, ly, 50 + fm.stringWidth(text), 26));
        g.setColor(CURVE);
        g.setStroke(new BasicStroke(3f));
        g.draw(new Line2D.Double(lx + 8, ly + 13, lx + 38, ly + 13));
        g.setColor(AXIS);
        g.drawString(text, (float) (lx + 44), (float) (ly + 18));

        drawColorBar(g, new Rectangle2D.Double(area.getMaxX() + 22, area.getY(), 20, area.getHeight()), lo, hi);
    }

    private static void drawColorBar(Graphics2D g, Rectangle2D bar, double lo, double hi) {
        int h = (int) Math.round(bar.getHeight());
        for (int k = 0; k < h; k++) {
            g.setColor(new Color(viridis(1.0 - k / (double) (h - 1))));
            g.fill(new Rectangle2D.Double(bar.getX(), bar.getY() + k, bar.getWidth(), 1.0));
        }
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.draw(bar);
        g.setFont(TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        for (double t : niceTicks(lo, hi, 7)) {
            double y = bar.getMaxY() - (t - lo) / (hi - lo) * bar.getHeight();
            g.draw(new Line2D.Double(bar.getMaxX(), y, bar.getMaxX() + 5, y));
            g.drawString(trimNum(t), (float) (bar.getMaxX() + 8), (float) (y + fm.getAscent() / 2.0 - 1));
        }
        g.setFont(LABEL_FONT);
        rotated(g, "log10 L", bar.getMaxX() + 62, bar.getCenterY());
    }

    /**
     * Marching squares on the grid: straight segments {theta0, W0, theta1, W1} where the surface
     * crosses {@code level}. Saddle cells pair crossings in edge order, which is fine at this resolution.
     */
    static List<double[]> isoSegments(double[] xs, double[] ys, double[][] v, double level) {
        List<double[]> out = new ArrayList<>();
        double[] px = new double[4];
        double[] py = new double[4];
        for (int i = 0; i + 1 < xs.length; i++) {
            for (int j = 0; j + 1 < ys.length; j++) {
                // corners counter-clockwise: (i,j) (i+1,j) (i+1,j+1) (i,j+1)
                double[] cx = {xs[i], xs[i + 1], xs[i + 1], xs[i]};
                double[] cy = {ys[j], ys[j], ys[j + 1], ys[j + 1]};
                double[] cv = {v[i][j], v[i + 1][j], v[i + 1][j + 1], v[i][j + 1]};
                int n = 0;
                for (int e = 0; e < 4; e++) {
                    double a = cv[e] - level;
                    double b = cv[(e + 1) % 4] - level;
                    if ((a < 0) != (b < 0)) {
                        double t = a / (a - b);
                        px[n] = cx[e] + t * (cx[(e + 1) % 4] - cx[e]);
                        py[n] = cy[e] + t * (cy[(e + 1) % 4] - cy[e]);
                        n++;
                    }
                }
                for (int k = 0; k + 1 < n; k += 2) {
                    out.add(new double[] {px[k], py[k], px[k + 1], py[k + 1]});
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ right panel

    private static void drawLStar(Graphics2D g, LandscapeResult r, Rectangle2D area) {
        double[] th = r.thetas();
        double[] ls = r.lStar();
        double meanY2 = 0;
        for (double y : r.y()) {
            meanY2 += y * y / r.y().length;
        }
        double top = meanY2;
        for (double v : ls) {
            top = Math.max(top, v);
        }
        Axes ax = new Axes(area, th[0], th[th.length - 1], 0, top * 1.12);

        // Grey band where every feature is off (W* = 0): L* is flat there, a spurious plateau.
        Shape oldClip = g.getClip();
        g.clip(area);
        g.setColor(new Color(235, 235, 235));
        boolean anyBand = false;
        int i = 0;
        while (i < th.length) {
            if (r.wStar()[i] == 0) {
                int k = i;
                while (k + 1 < th.length && r.wStar()[k + 1] == 0) {
                    k++;
                }
                double x0 = ax.px(i == 0 ? th[0] : (th[i - 1] + th[i]) / 2);
                double x1 = ax.px(k == th.length - 1 ? th[k] : (th[k] + th[k + 1]) / 2);
                g.fill(new Rectangle2D.Double(x0, area.getY(), x1 - x0, area.getHeight()));
                anyBand = true;
                i = k + 1;
            } else {
                i++;
            }
        }
        g.setClip(oldClip);

        ax.drawFrame(g, "theta", "L*(theta) = L(W*(theta), theta)", "Profile loss L*(theta)");

        g.clip(area);
        g.setColor(new Color(110, 110, 110));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f));
        g.draw(new Line2D.Double(area.getX(), ax.py(meanY2), area.getMaxX(), ax.py(meanY2)));
        Path2D curve = new Path2D.Double();
        for (int k = 0; k < th.length; k++) {
            if (k == 0) {
                curve.moveTo(ax.px(th[k]), ax.py(ls[k]));
            } else {
                curve.lineTo(ax.px(th[k]), ax.py(ls[k]));
            }
        }
        g.setColor(CURVE);
        g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(curve);
        g.setClip(oldClip);

        g.setFont(SMALL_FONT);
        g.setColor(new Color(70, 70, 70));
        String label = "mean y^2 = " + trimNum(meanY2) + "  (all features off)";
        g.drawString(label, (float) (area.getX() + 10), (float) (ax.py(meanY2) - 7));
        if (anyBand) {
            g.drawString("grey: all features off, W* = 0, L* flat", (float) (area.getX() + 10), (float) (area.getMaxY() - 10));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Data-to-pixel mapping and frame drawing for one panel. */
    private static final class Axes {
        final Rectangle2D area;
        final double x0;
        final double x1;
        final double y0;
        final double y1;

        Axes(Rectangle2D area, double x0, double x1, double y0, double y1) {
            this.area = area;
            this.x0 = x0;
            this.x1 = x1;
            this.y0 = y0;
            this.y1 = y1;
        }

        double px(double x) {
            return area.getX() + (x - x0) / (x1 - x0) * area.getWidth();
        }

        double py(double y) {
            return area.getMaxY() - (y - y0) / (y1 - y0) * area.getHeight();
        }

        void drawFrame(Graphics2D g, String xLabel, String yLabel, String title) {
            g.setColor(AXIS);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(area);
            g.setFont(TICK_FONT);
            FontMetrics fm = g.getFontMetrics();
            for (double t : niceTicks(x0, x1, 7)) {
                double x = px(t);
                g.draw(new Line2D.Double(x, area.getMaxY(), x, area.getMaxY() + 5));
                centered(g, trimNum(t), x, area.getMaxY() + 8 + fm.getAscent());
            }
            for (double t : niceTicks(y0, y1, 7)) {
                double y = py(t);
                g.draw(new Line2D.Double(area.getX() - 5, y, area.getX(), y));
                String s = trimNum(t);
                g.drawString(s, (float) (area.getX() - 9 - fm.stringWidth(s)), (float) (y + fm.getAscent() / 2.0 - 1));
            }
            g.setFont(LABEL_FONT);
            centered(g, xLabel, area.getCenterX(), area.getMaxY() + 48);
            rotated(g, yLabel, area.getX() - 58, area.getCenterY());
            g.setFont(LABEL_FONT.deriveFont(Font.BOLD));
            centered(g, title, area.getCenterX(), area.getY() - 12);
        }
    }

    /** Round-numbered ticks inside [lo, hi], about {@code target} of them. */
    static List<Double> niceTicks(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / mag;
        double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        return out;
    }

    private static String trimNum(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) {
            return s;
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s.equals("-0") ? "0" : s;
    }

    private static int viridis(double t) {
        double u = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int k = Math.min((int) u, VIRIDIS.length - 2);
        double f = u - k;
        int a = VIRIDIS[k];
        int b = VIRIDIS[k + 1];
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - f) + ((b >> 16) & 0xff) * f);
        int gg = (int) Math.round(((a >> 8) & 0xff) * (1 - f) + ((b >> 8) & 0xff) * f);
        int bl = (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
        return (r << 16) | (gg << 8) | bl;
    }

    private static void centered(Graphics2D g, String s, double cx, double baseline) {
        g.drawString(s, (float) (cx - g.getFontMetrics().stringWidth(s) / 2.0), (float) baseline);
    }

    private static void rotated(Graphics2D g, String s, double cx, double cy) {
        AffineTransform old = g.getTransform();
        g.translate(cx, cy);
        g.rotate(-Math.PI / 2);
        g.drawString(s, -g.getFontMetrics().stringWidth(s) / 2f, 0f);
        g.setTransform(old);
    }
}
