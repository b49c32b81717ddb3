package dev.lifelong.train.run;

import dev.lifelong.data.dataset.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The comparison report's PNG plots, drawn headless with XChart. */
public final class ReportPlots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ReportPlots() {
    }

    /** Test AUC per model, with the oracle AUC as its own bar on synthetic data. */
    static void auc(Path file, Dataset data, List<TrainRun.Outcome> outcomes) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(450).title("Test AUC per model")
                .xAxisTitle("model").yAxisTitle("AUC").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(30);
        List<String> names = new ArrayList<>();
        List<Double> aucs = new ArrayList<>();
        for (TrainRun.Outcome o : outcomes) {
            names.add(o.model());
            aucs.add(o.test().auc());
        }
        Object oracle = data.metadata().notes() == null ? null : data.metadata().notes().get("oracle_auc_test");
        if (oracle != null) {
            names.add("oracle");
            aucs.add(((Number) oracle).doubleValue());
        }
        double min = aucs.stream().mapToDouble(Double::doubleValue).min().orElse(0.5);
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor((min - 0.02) * 50) / 50));
        chart.addSeries("test AUC", names, aucs);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Scoring time per 1,000 samples against the number of behaviours the long unit sees, per model. */
    static void costVersusLength(Path file, List<TrainRun.Outcome> outcomes) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(450).title("Scoring cost versus sequence length")
                .xAxisTitle("behaviours seen (long_len)").yAxisTitle("ms per 1,000 samples").build();
        logLog(chart);
        boolean any = false;
        for (TrainRun.Outcome o : outcomes) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double[] point : o.costByLength()) {
                xs.add(point[0]);
                ys.add(point[1]);
            }
            if (!xs.isEmpty()) {
                chart.addSeries(o.model(), xs, ys);
                any = true;
            }
        }
        if (any) {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /**
     * Log-log axes labelled between the decades too (latencies of 5 to 60 ms would show one label, "10", with
     * decades only), the legend outside the plot so that it hides no line.
     */
    private static void logLog(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
    }

    /**
     * One line per series of (x, y) points on log-log axes: latency against history length and the like, where
     * both span orders of magnitude. Writes nothing when no series has a point.
     */
    public static void lines(Path file, String title, String xTitle, String yTitle,
                             java.util.Map<String, List<double[]>> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(450).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        logLog(chart);
        boolean any = false;
        for (var e : series.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double[] point : e.getValue()) {
                xs.add(point[0]);
                ys.add(point[1]);
            }
            if (!xs.isEmpty()) {
                chart.addSeries(e.getKey(), xs, ys);
                any = true;
            }
        }
        if (any) {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
