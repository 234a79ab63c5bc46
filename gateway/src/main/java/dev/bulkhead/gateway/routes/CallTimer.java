package dev.bulkhead.gateway.routes;

import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;

/**
 * Runs a task once a call's deadline passes, unless the call ended first and disposed it: the
 * response timeout and slow-call watch of {@link RouteGuard}, the queue wait of {@link
 * RouteConcurrency}. Nearly every such task is disposed long before it is due.
 */
@FunctionalInterface
interface CallTimer {

    Disposable schedule(Runnable task, long delay, TimeUnit unit);
}
