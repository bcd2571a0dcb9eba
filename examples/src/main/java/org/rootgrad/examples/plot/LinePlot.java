package org.rootgrad.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A small line and scatter plot written to PNG with Java2D: title, axis labels, ticks, optional
 * log scale on x, a legend, and series drawn as lines, markers, or both. Enough to show a
 * validation-loss curve with an optimisation path on it, without a plotting dependency.
 */
public final class LinePlot {

    /** How a series is drawn. */
    public enum Style { LINE, MARKERS, LINE_AND_MARKERS }

    private record Series(String label, double[] x, double[] y, Color color, Style style) {}

    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75)};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private boolean logX;
    private final List<Series> series = new ArrayList<>();
    private final List<String[]> notes = new ArrayList<>();

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Draws x on a logarithmic axis (all x must be positive). */
    public LinePlot logX() {
        this.logX = true;
        return this;
    }

    public LinePlot add(String label, double[] x, double[] y, Style style) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + label + ": x has " + x.length
                    + " points but y has " + y.length);
        }
        series.add(new Series(label, x.clone(), y.clone(), PALETTE[series.size() % PALETTE.length], style));
        return this;
    }

    /** A line of text printed under the legend (e.g. the final value). */
    public LinePlot note(String text) {
        notes.add(new String[] {text});
        return this;
    }

    /** Renders to a PNG file of the given size, creating parent directories. */
    public void write(Path file, int width, int height) {
        BufferedImage image = render(width, height);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file + ": " + e.getMessage(), e);
        }
    }

    public BufferedImage render(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    private double tx(double x) {
        return logX ? Math.log10(x) : x;
    }

    private void draw(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);

        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 18);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

        int left = 90;
        int right = 30;
        int top = 50;
        int bottom = 70;
        int plotW = width - left - right;
        int plotH = height - top - bottom;

        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (logX && !(s.x[i] > 0)) {
                    throw new IllegalArgumentException("series " + s.label + ": x = " + s.x[i]
                            + " cannot be drawn on a log axis");
                }
                if (!Double.isFinite(s.y[i])) {
                    continue;
                }
                xmin = Math.min(xmin, tx(s.x[i]));
                xmax = Math.max(xmax, tx(s.x[i]));
                ymin = Math.min(ymin, s.y[i]);
                ymax = Math.max(ymax, s.y[i]);
            }
        }
        if (!(xmax > xmin)) {
            xmax = xmin + 1;
        }
        if (!(ymax > ymin)) {
            ymax = ymin + 1;
        }
        double ypad = 0.06 * (ymax - ymin);
        ymin -= ypad;
        ymax += ypad;
        double fxmin = xmin;
        double fxmax = xmax;
        double fymin = ymin;
        double fymax = ymax;
        java.util.function.DoubleUnaryOperator px = v -> left + (tx(v) - fxmin) / (fxmax - fxmin) * plotW;
        java.util.function.DoubleUnaryOperator py = v -> top + (fymax - v) / (fymax - fymin) * plotH;

        // grid and ticks
        g.setFont(tickFont);
        FontMetrics tm = g.getFontMetrics();
        for (double t : Ticks.linear(ymin, ymax, 6)) {
            int y = (int) Math.round(top + (ymax - t) / (ymax - ymin) * plotH);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String s = Ticks.format(t);
            g.drawString(s, left - 8 - tm.stringWidth(s), y + tm.getAscent() / 2 - 1);
        }
        double[] xticks = logX ? Ticks.decades(xmin, xmax) : Ticks.linear(xmin, xmax, 7);
        for (double t : xticks) {
            int x = (int) Math.round(left + (t - xmin) / (xmax - xmin) * plotW);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x, top, x, top + plotH);
            g.setColor(Color.DARK_GRAY);
            String s = logX ? Ticks.formatPower(t) : Ticks.format(t);
            g.drawString(s, x - tm.stringWidth(s) / 2, top + plotH + tm.getAscent() + 6);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(left, top, plotW, plotH);

        // series
        for (Series s : series) {
            g.setColor(s.color);
            if (s.style != Style.MARKERS) {
                g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                Path2D.Double path = new Path2D.Double();
                boolean started = false;
                for (int i = 0; i < s.x.length; i++) {
                    if (!Double.isFinite(s.y[i])) {
                        started = false;
                        continue;
                    }
                    double X = px.applyAsDouble(s.x[i]);
                    double Y = py.applyAsDouble(s.y[i]);
                    if (started) {
                        path.lineTo(X, Y);
                    } else {
                        path.moveTo(X, Y);
                        started = true;
                    }
                }
                g.draw(path);
            }
            if (s.style != Style.LINE) {
                // markers alone (highlighted points) are larger and outlined, so they stand out on a path
                double r = s.style == Style.MARKERS ? 5.5 : 3.5;
                for (int i = 0; i < s.x.length; i++) {
                    if (!Double.isFinite(s.y[i])) {
                        continue;
                    }
                    double X = px.applyAsDouble(s.x[i]);
                    double Y = py.applyAsDouble(s.y[i]);
                    Ellipse2D.Double dot = new Ellipse2D.Double(X - r, Y - r, 2 * r, 2 * r);
                    g.setColor(s.color);
                    g.fill(dot);
                    if (s.style == Style.MARKERS) {
                        g.setColor(Color.BLACK);
                        g.setStroke(new BasicStroke(1.2f));
                        g.draw(dot);
                    }
                }
            }
        }

        // title and axis labels
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (width - fm.stringWidth(title)) / 2, 30);
        g.setFont(labelFont);
        fm = g.getFontMetrics();
        g.drawString(xLabel, left + (plotW - fm.stringWidth(xLabel)) / 2, height - 20);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + (plotH + fm.stringWidth(yLabel)) / 2), 24);
        g.setTransform(saved);

        // legend
        g.setFont(tickFont);
        fm = g.getFontMetrics();
        int lineH = fm.getHeight() + 2;
        int boxW = 0;
        for (Series s : series) {
            boxW = Math.max(boxW, fm.stringWidth(s.label) + 40);
        }
        for (String[] n : notes) {
            boxW = Math.max(boxW, fm.stringWidth(n[0]) + 16);
        }
        int rows = series.size() + notes.size();
        if (rows > 0) {
            // the corner whose box covers the fewest drawn points (lines sampled along their segments)
            int boxH = rows * lineH + 8;
            int[][] corners = {
                {left + plotW - boxW - 10, top + 10}, {left + 10, top + 10},
                {left + plotW - boxW - 10, top + plotH - boxH - 10}, {left + 10, top + plotH - boxH - 10}};
            int bx = corners[0][0];
            int by = corners[0][1];
            long fewest = Long.MAX_VALUE;
            for (int[] c : corners) {
                long covered = covered(c[0], c[1], boxW, boxH, px, py);
                if (covered < fewest) {
                    fewest = covered;
                    bx = c[0];
                    by = c[1];
                }
            }
            g.setColor(new Color(255, 255, 255, 225));
            g.fillRect(bx, by, boxW, rows * lineH + 8);
            g.setColor(Color.GRAY);
            g.drawRect(bx, by, boxW, rows * lineH + 8);
            int y = by + 4 + fm.getAscent();
            for (Series s : series) {
                g.setColor(s.color);
                if (s.style != Style.MARKERS) {
                    g.setStroke(new BasicStroke(2f));
                    g.drawLine(bx + 8, y - fm.getAscent() / 3, bx + 28, y - fm.getAscent() / 3);
                }
                if (s.style != Style.LINE) {
                    double r = s.style == Style.MARKERS ? 5.5 : 3.5;
                    Ellipse2D.Double dot = new Ellipse2D.Double(bx + 18 - r, y - fm.getAscent() / 3.0 - r, 2 * r, 2 * r);
                    g.fill(dot);
                    if (s.style == Style.MARKERS) {
                        g.setColor(Color.BLACK);
                        g.setStroke(new BasicStroke(1.2f));
                        g.draw(dot);
                    }
                }
                g.setColor(Color.BLACK);
                g.drawString(s.label, bx + 34, y);
                y += lineH;
            }
            g.setColor(Color.DARK_GRAY);
            for (String[] n : notes) {
                g.drawString(n[0], bx + 8, y);
                y += lineH;
            }
        }
    }

    /** How many points of the series (and of their line segments, sampled) fall inside a box. */
    private long covered(int bx, int by, int bw, int bh, java.util.function.DoubleUnaryOperator px,
                         java.util.function.DoubleUnaryOperator py) {
        long count = 0;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i])) {
                    continue;
                }
                double x1 = px.applyAsDouble(s.x[i]);
                double y1 = py.applyAsDouble(s.y[i]);
                int samples = 1;
                double x0 = x1;
                double y0 = y1;
                if (s.style != Style.MARKERS && i > 0 && Double.isFinite(s.y[i - 1])) {
                    x0 = px.applyAsDouble(s.x[i - 1]);
                    y0 = py.applyAsDouble(s.y[i - 1]);
                    samples = 1 + (int) (Math.hypot(x1 - x0, y1 - y0) / 4);
                }
                for (int k = 1; k <= samples; k++) {
                    double x = x0 + (x1 - x0) * k / samples;
                    double y = y0 + (y1 - y0) * k / samples;
                    if (x >= bx - 4 && x <= bx + bw + 4 && y >= by - 4 && y <= by + bh + 4) {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
