package io.cpuidmask.run;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The guests each cluster is checked against, from a project config's {@code guests:} mapping:
 * the first rule whose glob matches the cluster's name gives its guests; a cluster no rule
 * matches is not checked.
 *
 * @param file the config file, for messages
 * @param line the line of the {@code guests:} key
 * @param rules in the order written
 */
public record ClusterGuests(String file, int line, List<Rule> rules) {

    public ClusterGuests {
        rules = List.copyOf(rules);
    }

    /**
     * One {@code "glob": [guest, ...]} entry. In the glob {@code *} stands for any characters and
     * {@code ?} for one; everything else is itself. (Not the JDK's path globs, whose {@code *}
     * stops at a {@code /} and whose braces and brackets a cluster name may well contain.)
     */
    public record Rule(String glob, List<String> guests, int line) {

        public Rule {
            guests = List.copyOf(guests);
        }

        public boolean matches(String cluster) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : glob.toCharArray()) {
                if (c == '*' || c == '?') {
                    regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                    literal.setLength(0);
                } else {
                    literal.append(c);
                }
            }
            regex.append(Pattern.quote(literal.toString()));
            return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(cluster).matches();
        }
    }

    /** The first rule that matches the cluster, if any. */
    public Optional<Rule> ruleFor(String cluster) {
        return rules.stream().filter(r -> r.matches(cluster)).findFirst();
    }
}
