package dev.clock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Figures read from {@code clock load --json}'s one-line report, for the suites that run it. */
public final class ReportJson {
    private ReportJson() {
    }

    /** A number in one of the report's groups, e.g. {@code "lag":{..."p99Ms":1.234...}}; fails the test if absent. */
    public static double number(String json, String group, String field) {
        int at = json.indexOf("\"" + group + "\":{");
        assertThat(at).as(group + " in " + json).isNotNegative();
        String object = json.substring(at, json.indexOf('}', at));
        Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(object);
        assertThat(m.find()).as(group + "." + field + " in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
