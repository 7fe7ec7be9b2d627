package dev.clock.service;

/** A serve option, or a combination of them, that cannot work; the message says what to write instead. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
