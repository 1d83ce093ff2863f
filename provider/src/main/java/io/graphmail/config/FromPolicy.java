package io.graphmail.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which From addresses a message may use: exact addresses and whole domains ({@code @contoso.com}). */
public final class FromPolicy {
    private final List<String> addresses;
    private final List<String> domains;

    private FromPolicy(List<String> addresses, List<String> domains) {
        this.addresses = List.copyOf(addresses);
        this.domains = List.copyOf(domains);
    }

    static FromPolicy parse(String property, String value) {
        List<String> addresses = new ArrayList<>();
        List<String> domains = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                String s = item.trim().toLowerCase(Locale.ROOT);
                if (s.isEmpty()) continue;
                if (s.startsWith("@") && GraphSettings.DOMAIN.matcher(s.substring(1)).matches()) {
                    domains.add(s.substring(1));
                } else if (s.indexOf('@') > 0 && GraphSettings.DOMAIN.matcher(s.substring(s.indexOf('@') + 1)).matches()) {
                    addresses.add(s);
                } else {
                    throw new InvalidSettingException(property, property + ": '" + item.trim() + "' is neither an"
                            + " address (news@contoso.com) nor a domain (@contoso.com); separate entries with commas");
                }
            }
        }
        return new FromPolicy(addresses, domains);
    }

    /** True when no restriction is configured. */
    public boolean allowsAny() {
        return addresses.isEmpty() && domains.isEmpty();
    }

    public boolean allows(String address) {
        if (allowsAny()) return true;
        String a = address.toLowerCase(Locale.ROOT);
        return addresses.contains(a) || domains.contains(a.substring(a.lastIndexOf('@') + 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FromPolicy && ((FromPolicy) o).addresses.equals(addresses) && ((FromPolicy) o).domains.equals(domains);
    }

    @Override
    public int hashCode() {
        return addresses.hashCode() * 31 + domains.hashCode();
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(addresses);
        domains.forEach(d -> all.add("@" + d));
        return String.join(",", all);
    }
}
