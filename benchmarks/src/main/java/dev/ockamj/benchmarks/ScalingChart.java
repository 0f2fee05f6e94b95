package dev.ockamj.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.NumberFormat;
import java.util.Locale;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The PNG of {@link TcpScaling}: round trips/s and p99 latency against connections, ockamj solid, raw dashed. */
final class ScalingChart {
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd)};

    private ScalingChart() {
    }

    static void write(Path png, List<TcpScaling.Row> rows) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(decades("connections", 1));
        XYPlot throughput = panel(rows, "round trips/s", r -> r.roundTripsPerSecond());
        plot.add(throughput, 3);
        plot.add(panel(rows, "p99 round trip (µs)", r -> r.p99Nanos() / 1e3), 2);
        plot.setFixedLegendItems(throughput.getLegendItems()); // the panels share their series: list them once
        JFreeChart chart = new JFreeChart("ockamj over loopback TCP (solid) vs raw NIO (dashed), by messages in flight "
                + "per connection", JFreeChart.DEFAULT_TITLE_FONT.deriveFont(14f), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 700);
    }

    /** A base-10 log axis with a tick at each power of ten, labelled as a plain number (1,000 rather than 10^3). */
    private static LogAxis decades(String label, double smallest) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(smallest);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        return axis;
    }

    private static XYPlot panel(List<TcpScaling.Row> rows, String label, ToDoubleFunction<TcpScaling.Result> value) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        List<Integer> inFlights = rows.stream().map(TcpScaling.Row::inFlight).distinct().sorted().toList();
        int series = 0;
        for (int i = 0; i < inFlights.size(); i++) {
            int f = inFlights.get(i);
            XYSeries ours = new XYSeries("ockamj, " + f + " in flight");
            XYSeries raw = new XYSeries("raw NIO, " + f + " in flight");
            for (TcpScaling.Row r : rows) {
                if (r.inFlight() == f) {
                    ours.add(r.connections(), Math.max(1e-3, value.applyAsDouble(r.ockamj())));
                    raw.add(r.connections(), Math.max(1e-3, value.applyAsDouble(r.raw())));
                }
            }
            data.addSeries(ours);
            data.addSeries(raw);
            Color colour = COLOURS[i % COLOURS.length];
            renderer.setSeriesPaint(series, colour);
            renderer.setSeriesStroke(series++, new BasicStroke(2f));
            renderer.setSeriesPaint(series, colour);
            renderer.setSeriesStroke(series++, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        XYPlot plot = new XYPlot(data, null, decades(label, 1e-3), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
