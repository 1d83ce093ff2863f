package io.graphmail.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Turns samples into the figures issue 8 sets targets for: per scenario the medians of each variant and the ratios
 * graphmail / RAW of client CPU and peak RSS, the spread of the per-rep (paired) CPU ratios, and the token requests
 * of every run. Markdown for people, CSV of every sample for anyone who wants to redo the arithmetic.
 */
final class Report {
    private final List<Sample> samples;

    Report(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** The figures of one scenario. */
    record Row(Scenario scenario, double gCpu, double rCpu, double gRss, double rRss, double pairedMin,
               double pairedMax, List<Integer> gTokens, List<Integer> rTokens, int gMime, int rMime, double gWall,
               double rWall) {
        double cpuRatio() {
            return gCpu / rCpu;
        }

        double rssRatio() {
            return gRss / rRss;
        }

        boolean cpuMet() {
            return cpuRatio() <= scenario.cpuTarget();
        }

        boolean rssMet() {
            return rssRatio() <= Scenario.RSS_TARGET;
        }

        boolean tokensMet() {
            return gTokens.stream().allMatch(t -> t == 1);
        }
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Scenario s : Scenario.ALL) {
            List<Sample> g = of(s, Variant.GRAPHMAIL);
            List<Sample> r = of(s, Variant.RAW);
            if (g.isEmpty() || r.isEmpty()) {
                continue;
            }
            double min = Double.MAX_VALUE;
            double max = 0;
            for (Sample gs : g) {
                for (Sample rs : r) {
                    if (rs.rep() == gs.rep()) {
                        double ratio = (double) gs.cpuNanos() / rs.cpuNanos();
                        min = Math.min(min, ratio);
                        max = Math.max(max, ratio);
                    }
                }
            }
            rows.add(new Row(s, median(g, Sample::cpuMillis), median(r, Sample::cpuMillis),
                median(g, x -> x.peakRssKib() / 1024.0), median(r, x -> x.peakRssKib() / 1024.0), min, max,
                g.stream().map(Sample::tokens).toList(), r.stream().map(Sample::tokens).toList(),
                g.get(0).mimeBytes(), r.get(0).mimeBytes(), median(g, Sample::wallMillis),
                median(r, Sample::wallMillis)));
        }
        return rows;
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | client CPU graphmail / RAW (ms) | CPU ratio | paired ratios | target | "
            + "peak RSS graphmail / RAW (MiB) | RSS ratio | tokens per run graphmail / RAW | wall graphmail / RAW (ms) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows()) {
            b.append(String.format(Locale.ROOT, "| %s | %.0f / %.0f | **%.3f×** %s | %.2f–%.2f | ≤ %.2f× | %.1f / %.1f "
                    + "| **%.3f×** %s | %s / %s %s | %.0f / %.0f |%n",
                r.scenario().description(), r.gCpu(), r.rCpu(), r.cpuRatio(), mark(r.cpuMet()), r.pairedMin(),
                r.pairedMax(), r.scenario().cpuTarget(), r.gRss(), r.rRss(), r.rssRatio(), mark(r.rssMet()),
                tokens(r.gTokens()), tokens(r.rTokens()), mark(r.tokensMet()), r.gWall(), r.rWall()));
        }
        List<String> sizes = new ArrayList<>();
        for (Row r : rows()) {
            sizes.add(String.format(Locale.ROOT, "%s: %d / %d bytes", r.scenario().name(), r.gMime(), r.rMime()));
        }
        b.append("\nMIME as the sandbox received it, graphmail / RAW: ").append(String.join("; ", sizes)).append('\n');
        return b.toString();
    }

    String csv() {
        StringBuilder b = new StringBuilder("scenario,variant,rep,cpu_ms,peak_rss_kib,wall_ms,tokens,mime_bytes\n");
        for (Sample s : samples) {
            b.append(String.format(Locale.ROOT, "%s,%s,%d,%.1f,%d,%d,%d,%d%n", s.scenario().name(), s.variant().label,
                s.rep() + 1, s.cpuMillis(), s.peakRssKib(), s.wallMillis(), s.tokens(), s.mimeBytes()));
        }
        return b.toString();
    }

    private List<Sample> of(Scenario s, Variant v) {
        return samples.stream().filter(x -> x.scenario().equals(s) && x.variant() == v).toList();
    }

    private static double median(List<Sample> list, ToDoubleFunction<Sample> f) {
        double[] v = list.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String tokens(List<Integer> t) {
        return t.stream().distinct().count() == 1 ? t.get(0).toString() : Arrays.toString(t.toArray());
    }

    private static String mark(boolean met) {
        return met ? "✓" : "✗";
    }
}
