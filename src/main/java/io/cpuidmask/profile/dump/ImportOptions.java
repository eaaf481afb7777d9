package io.cpuidmask.profile.dump;

/**
 * How to import a dump.
 *
 * @param host    host name for the profile; null: from the file name
 * @param cluster cluster for the profile; null: the default cluster
 * @param format  format id to use instead of detecting it ({@code --from}); null: detect
 */
public record ImportOptions(String host, String cluster, String format) {

    public static final ImportOptions DEFAULTS = new ImportOptions(null, null, null);
}
