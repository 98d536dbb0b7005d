package org.qnnlab.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.qnnlab.sim.io.AtomicWrite;

/** PNG line and scatter plots of analysis results (XChart, rendered headless), written atomically. */
final class Plots {

    private Plots() {
    }

    /**
     * One plotted series.
     *
     * @param name    legend label
     * @param x       abscissae
     * @param y       ordinates (same length)
     * @param lines   draw connecting lines (else markers only)
     * @param markers draw point markers
     */
    record Series(String name, double[] x, double[] y, boolean lines, boolean markers) {
    }

    /** A vertical reference line at {@code x} (e.g. M_c), drawn as a two-point dashed series. */
    record VLine(String name, double x) {
    }

    /**
     * Renders an XY chart to PNG bytes.
     *
     * @param logX logarithmic x axis (non-positive x values are dropped from the series)
     * @param logY logarithmic y axis (non-positive y values are dropped)
     */
    static byte[] xy(String title, String xLabel, String yLabel, List<Series> series, List<VLine> vlines,
            boolean logX, boolean logY) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(720).height(440).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(series.size() + vlines.size() > 1);
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[][] xy = filter(s.x(), s.y(), logX, logY);
            if (xy[0].length == 0) {
                continue;
            }
            XYSeries xs = chart.addSeries(s.name(), xy[0], xy[1]);
            xs.setMarker(s.markers() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (!s.lines()) {
                xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
            for (double v : xy[1]) {
                ymin = Math.min(ymin, v);
                ymax = Math.max(ymax, v);
            }
        }
        for (VLine v : vlines) {
            if (Double.isFinite(ymin)) {
                XYSeries xs = chart.addSeries(v.name(), new double[] {v.x(), v.x()}, new double[] {ymin, ymax});
                xs.setMarker(SeriesMarkers.NONE);
                xs.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
                xs.setLineColor(Color.GRAY);
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render plot '" + title + "': " + e.getMessage(), e);
        }
    }

    /** Renders and writes a chart atomically to {@code png}. */
    static void write(Path png, String title, String xLabel, String yLabel, List<Series> series, List<VLine> vlines,
            boolean logX, boolean logY) {
        save(png, xy(title, xLabel, yLabel, series, vlines, logX, logY));
    }

    /** Writes rendered PNG bytes to {@code png} atomically. */
    static void save(Path png, byte[] bytes) {
        try {
            AtomicWrite.write(png, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private static double[][] filter(double[] x, double[] y, boolean logX, boolean logY) {
        int n = 0;
        double[] fx = new double[x.length];
        double[] fy = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || (logX && x[i] <= 0) || (logY && y[i] <= 0)) {
                continue;
            }
            fx[n] = x[i];
            fy[n] = y[i];
            n++;
        }
        return new double[][] {java.util.Arrays.copyOf(fx, n), java.util.Arrays.copyOf(fy, n)};
    }
}
