package dev.clock.http;

/**
 * What a path of a {@link Site} answers GET and HEAD with, made for each request: a page, a
 * document made afresh ({@code /now}), a scrape whose format the request's {@code Accept} chooses.
 * Every other method is answered by the connection (405, or OPTIONS's Allow), never here.
 */
@FunctionalInterface
public interface Resource {
    /** The reply to {@code request}, a GET or a HEAD (a HEAD's body is dropped, its length sent). */
    Reply get(RequestHead request);
}
