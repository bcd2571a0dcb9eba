package org.rootgrad.engine;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * jqwik hook that reports a property container as skipped, with the reason, where the Vector API
 * kernels cannot be loaded: a twin comparison must never pass silently without its twin.
 */
public final class SkipWithoutVectorApi implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return Implementations.panama().isPresent()
                ? SkipResult.doNotSkip()
                : SkipResult.skip(Implementations.panamaUnavailableReason());
    }
}
