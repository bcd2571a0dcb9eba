package org.rootgrad.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A grid of small grayscale images (e.g. 8×8 digits), each scaled up with visible pixels and
 * captioned, under a title; written to PNG.
 */
public final class ImageGrid {
    private final String title;
    private final int imageRows;
    private final int imageCols;
    private final int columns;
    private final double[][] images;
    private final String[] captions;
    private String subtitle;
    private double fixedLow = Double.NaN;
    private double fixedHigh = Double.NaN;

    /**
     * @param images   each a row-major {@code imageRows × imageCols} array; values are scaled to
     *                 gray per image (minimum white, maximum black, like ink on paper)
     * @param captions one caption per image
     * @param columns  images per row of the grid
     */
    public ImageGrid(String title, int imageRows, int imageCols, double[][] images, String[] captions,
                     int columns) {
        if (images.length != captions.length) {
            throw new IllegalArgumentException(images.length + " images but " + captions.length + " captions");
        }
        for (double[] im : images) {
            if (im.length != imageRows * imageCols) {
                throw new IllegalArgumentException("an image has " + im.length + " pixels; expected "
                        + imageRows + "×" + imageCols);
            }
        }
        this.title = title;
        this.imageRows = imageRows;
        this.imageCols = imageCols;
        this.images = images;
        this.captions = captions;
        this.columns = columns;
    }

    /**
     * Maps every image's values on one scale, {@code low} white to {@code high} black (values
     * outside are clipped), instead of each image's own minimum and maximum.
     */
    public ImageGrid range(double low, double high) {
        if (!(high > low)) {
            throw new IllegalArgumentException("range: high " + high + " must exceed low " + low);
        }
        this.fixedLow = low;
        this.fixedHigh = high;
        return this;
    }

    /** A line of smaller text under the title. */
    public ImageGrid subtitle(String text) {
        this.subtitle = text;
        return this;
    }

    public void write(Path file, int pixelSize) {
        int cell = Math.max(imageRows, imageCols) * pixelSize;
        int pad = 18;
        int captionH = 24;
        int titleH = subtitle == null ? 46 : 66;
        int gridRows = (images.length + columns - 1) / columns;
        int gridWidth = columns * (cell + pad) + pad;
        // wide enough for the title lines
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        int textWidth = pg.getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 18)).stringWidth(title);
        if (subtitle != null) {
            textWidth = Math.max(textWidth, pg.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 14)).stringWidth(subtitle));
        }
        pg.dispose();
        int width = Math.max(gridWidth, textWidth + 2 * pad);
        int left = (width - gridWidth) / 2;
        int height = titleH + gridRows * (cell + captionH + pad) + pad / 2;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, (width - fm.stringWidth(title)) / 2, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            fm = g.getFontMetrics();
            if (subtitle != null) {
                g.drawString(subtitle, (width - fm.stringWidth(subtitle)) / 2, 52);
            }
            for (int k = 0; k < images.length; k++) {
                int gx = left + pad + (k % columns) * (cell + pad);
                int gy = titleH + (k / columns) * (cell + captionH + pad);
                double[] im = images[k];
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (double v : im) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                if (!Double.isNaN(fixedLow)) {
                    lo = fixedLow;
                    hi = fixedHigh;
                }
                double range = hi > lo ? hi - lo : 1;
                for (int r = 0; r < imageRows; r++) {
                    for (int c = 0; c < imageCols; c++) {
                        double t = Math.min(1, Math.max(0, (im[r * imageCols + c] - lo) / range));
                        int level = (int) Math.round(255 * (1 - t));
                        g.setColor(new Color(level, level, level));
                        g.fillRect(gx + c * pixelSize, gy + r * pixelSize, pixelSize, pixelSize);
                    }
                }
                g.setColor(Color.GRAY);
                g.drawRect(gx, gy, imageCols * pixelSize, imageRows * pixelSize);
                g.setColor(Color.BLACK);
                String cap = captions[k];
                g.drawString(cap, gx + (cell - fm.stringWidth(cap)) / 2, gy + cell + fm.getAscent() + 4);
            }
        } finally {
            g.dispose();
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + file + ": " + e.getMessage(), e);
        }
    }
}
