package app.clearmargin.tenancy;

import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The organization a request or a job acts for. It is bound once, by authentication or by the job
 * that iterates organizations, and read by {@link TenantScope}; unbound access fails closed.
 */
public record Tenant(UUID organizationId) {

    private static final ScopedValue<Tenant> CURRENT = ScopedValue.newInstance();

    public static Tenant current() {
        if (!CURRENT.isBound()) {
            throw new IllegalStateException("no tenant bound to this thread");
        }
        return CURRENT.get();
    }

    public static boolean isBound() {
        return CURRENT.isBound();
    }

    public <T> T call(Supplier<T> work) {
        return ScopedValue.where(CURRENT, this).call(work::get);
    }

    public void run(Runnable work) {
        ScopedValue.where(CURRENT, this).run(work);
    }

    public <T, X extends Throwable> T callChecked(ScopedValue.CallableOp<T, X> work) throws X {
        return ScopedValue.where(CURRENT, this).call(work);
    }

    /** A carrier binding this tenant, to combine with other scoped values of the same request. */
    public ScopedValue.Carrier bind() {
        return ScopedValue.where(CURRENT, this);
    }

    /** For code that must keep a bound tenant while calling a {@link Callable}. */
    public static <T> Callable<T> propagate(Callable<T> work) {
        Tenant tenant = current();
        return () -> tenant.callChecked(work::call);
    }
}
