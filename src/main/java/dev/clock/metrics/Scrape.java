package dev.clock.metrics;

import dev.clock.http.Reply;
import dev.clock.http.RequestHead;
import dev.clock.http.Resource;
import dev.clock.http.Status;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code /metrics}: the registry, written by the Prometheus client's own writers in the format the
 * scraper's {@code Accept} asks for (Prometheus text, OpenMetrics, or protobuf), as its scrape
 * handler chooses them; text when it asks for none of them.
 */
final class Scrape implements Resource {
    /** A scrape's bytes start in a buffer this large: the clock's and the JVM's series come to about 20 KB. */
    private static final int FIRST_BUFFER_BYTES = 32 * 1024;

    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();

    Scrape(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Reply get(RequestHead request) {
        String accept = request.value("Accept").orElse(null);
        ExpositionFormatWriter writer = formats.findWriter(accept);
        EscapingScheme escaping = EscapingScheme.fromAcceptHeader(accept);
        ByteArrayOutputStream body = new ByteArrayOutputStream(FIRST_BUFFER_BYTES);
        try {
            writer.write(body, registry.scrape(), escaping);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a buffer in memory: not the client's doing
        }
        // The content type as the client library's own scrape handler sends it, without the escaping scheme.
        return new Reply(Status.OK, writer.getContentType(), "no-store", body.toByteArray());
    }
}
