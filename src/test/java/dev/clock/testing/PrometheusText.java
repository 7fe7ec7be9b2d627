package dev.clock.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line must be a HELP, a
 * TYPE or a sample, or it fails. Samples are kept by their full series name, labels sorted as
 * written: {@code clock_clients_connected{protocol="stream"}}.
 */
public final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped|info|stateset|unknown)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? "
            + "([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))( -?[0-9]+)?");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> help = new LinkedHashMap<>();
    private final Map<String, String> type = new LinkedHashMap<>();
    private final Map<String, Double> samples = new LinkedHashMap<>();

    /** Scrapes {@code http://127.0.0.1:PORT/metrics} and parses it strictly. */
    public static PrometheusText scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("scrape of port " + port + ": status " + r.statusCode());
        }
        return parse(r.body());
    }

    public static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                parsed.help.put(m.group(1), m.group(2));
            } else if ((m = TYPE.matcher(line)).matches()) {
                parsed.type.put(m.group(1), m.group(2));
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String series = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                if (parsed.samples.put(series, Double.parseDouble(m.group(3).replace("Inf", "Infinity"))) != null) {
                    throw new AssertionError("line " + number + ": series given twice: " + series);
                }
            } else {
                throw new AssertionError("line " + number + " is not Prometheus text: " + line);
            }
        }
        return parsed;
    }

    public Map<String, Double> samples() {
        return samples;
    }

    /** The HELP text of a metric, given with or without a counter's {@code _total}. */
    public String help(String name) {
        String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
        return help.getOrDefault(name, help.getOrDefault(base, help.get(base + "_total")));
    }

    public double value(String series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new AssertionError("no series " + series + " among " + samples.keySet());
        }
        return v;
    }
}
