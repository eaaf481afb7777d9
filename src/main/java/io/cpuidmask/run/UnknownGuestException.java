package io.cpuidmask.run;

/** A {@code --guest} that no catalogue defines: a usage error. */
public class UnknownGuestException extends Exception {

    public UnknownGuestException(String message) {
        super(message);
    }
}
