package io.graphmail.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.graphmail.config.Setting;
import jakarta.resource.spi.ConfigProperty;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The factory's JavaBean properties are the property table's rows: one each, confidential exactly for secrets. */
class BeanMappingTest {

    @Test
    void everySettingHasAnAnnotatedBeanPropertyAndNothingElseIsConfigured() throws Exception {
        for (Setting s : Setting.values()) {
            Method setter = Arrays.stream(GraphMailManagedConnectionFactory.class.getMethods())
                    .filter(m -> m.getName().equals("set" + s.bean())).findFirst()
                    .orElseThrow(() -> new AssertionError("no setter for " + s.bean() + " (" + s + ")"));
            ConfigProperty cp = setter.getAnnotation(ConfigProperty.class);
            assertNotNull(cp, s.bean() + " must be a @ConfigProperty");
            assertEquals(s.secret(), cp.confidential(), s.bean() + " confidential");
            assertNotNull(GraphMailManagedConnectionFactory.class.getMethod("get" + s.bean()));
        }
        long configured = Arrays.stream(GraphMailManagedConnectionFactory.class.getMethods())
                .filter(m -> m.isAnnotationPresent(ConfigProperty.class)).count();
        assertEquals(Setting.values().length, configured, "a bean property the table does not know");
    }

    @Test
    void beansMapOntoTheirSessionPropertiesAndDecideEquality() {
        GraphMailManagedConnectionFactory a = new GraphMailManagedConnectionFactory();
        a.setTenantId("contoso.example");
        a.setRetries(2);
        a.setStrict(true);
        a.setClientSecret("one");
        Properties p = a.sessionProperties();
        assertEquals("contoso.example", p.getProperty("mail.graph.tenant"));
        assertEquals("2", p.getProperty("mail.graph.retries"));
        assertEquals("true", p.getProperty("mail.graph.strict"));
        GraphMailManagedConnectionFactory b = new GraphMailManagedConnectionFactory();
        b.setTenantId("contoso.example");
        b.setRetries(2);
        b.setStrict(true);
        b.setClientSecret("one");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setClientSecret("two");
        assertNotEquals(a, b, "a rotated secret is another configuration");
    }
}
