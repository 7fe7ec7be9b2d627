package dev.clock.cli;

import dev.clock.net.HostPort;
import dev.clock.text.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Turns option text into values, with a message that says what to write instead. */
final class Converters {
    private Converters() {
    }

    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return HostPort.parsePort(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d;
            try {
                d = Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (d.compareTo(Duration.ofMillis(1)) < 0) {
                throw new TypeConversionException("'" + value + "' is too short: use 1ms or more");
            }
            if (d.compareTo(Duration.ofDays(1)) > 0) {
                throw new TypeConversionException("'" + value + "' is too long: use 1d or less");
            }
            return d;
        }
    }

    static final class NonNegativeDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                Duration d = Durations.parse(value);
                if (d.compareTo(Duration.ofHours(1)) > 0) {
                    throw new TypeConversionException("'" + value + "' is too long: use 1h or less");
                }
                return d;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Zone implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new TypeConversionException("unknown time zone '" + value
                        + "': use a region such as Europe/London or America/New_York, UTC, or an offset such as +05:30");
            }
        }
    }

    static final class Address implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return HostPort.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
