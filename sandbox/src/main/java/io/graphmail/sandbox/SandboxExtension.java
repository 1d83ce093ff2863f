package io.graphmail.sandbox;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one sandbox per test class, with counters, faults, the sending behaviour and captured messages
 * reset before each test. {@code @RegisterExtension static SandboxExtension sandbox = SandboxExtension.demo();} then
 * {@code sandbox.get()}, or declare a {@link Sandbox} parameter.
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    ParameterResolver {
    private final SandboxConfig config;
    private volatile Sandbox sandbox;

    /** For {@code @ExtendWith(SandboxExtension.class)}: the demo configuration. */
    public SandboxExtension() {
        this(SandboxConfig.demo());
    }

    private SandboxExtension(SandboxConfig config) {
        this.config = config;
    }

    /** @return an extension running {@link SandboxConfig#demo()} */
    public static SandboxExtension demo() {
        return new SandboxExtension(SandboxConfig.demo());
    }

    /** @param config the configuration @return an extension running it */
    public static SandboxExtension with(SandboxConfig config) {
        return new SandboxExtension(config);
    }

    /** @return the running sandbox */
    public Sandbox get() {
        Sandbox s = sandbox;
        if (s == null) {
            throw new IllegalStateException("the sandbox runs only while the test class runs (register the "
                + "extension on a static field)");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (sandbox == null) {
            sandbox = Sandbox.start(config);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Sandbox s = sandbox;
        sandbox = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Sandbox s = get();
        s.resetCounters();
        s.faults().clear();
        s.sending().reset();
        s.delegation().resetSettings();
        s.clearMessages();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return get();
    }
}
